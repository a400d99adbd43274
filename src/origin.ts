import type { IncomingMessage } from "node:http";
import type { RequestInfo } from "./request-info.ts";

const DEFAULT_PORTS: Record<string, string> = {
  "http:": "80",
  "https:": "443",
  "ws:": "80",
  "wss:": "443",
};

function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    const port = url.port || DEFAULT_PORTS[url.protocol] || "";
    return `${url.protocol}//${url.hostname.toLowerCase()}:${port}`;
  } catch {
    return undefined;
  }
}

function hostOf(host: string, protocol: string): string | undefined {
  return normalizeOrigin(`${protocol}//${host}`);
}

/**
 * Browsers let any site open a WebSocket to any host, with the user's cookies (cross-site
 * WebSocket hijacking). The Origin header is the defence: it must name this host, or be listed
 * in allowedOrigins. Clients that send no Origin are not browsers and cannot be hijacked this way.
 * Behind a proxy (`trustProxy`) the host is the one the browser used, from X-Forwarded-Host.
 */
export function isOriginAllowed(
  request: IncomingMessage,
  allowedOrigins: readonly string[],
  info: RequestInfo,
): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes("*")) return true;
  const normalized = normalizeOrigin(origin);
  if (!normalized) return false;
  if (allowedOrigins.some((allowed) => normalizeOrigin(allowed) === normalized))
    return true;
  if (info.host === undefined) return false;
  // The scheme is the Origin's own: behind a TLS proxy the server itself sees plain HTTP.
  const protocol = new URL(origin).protocol;
  return hostOf(info.host, protocol) === normalized;
}
