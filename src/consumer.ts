import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { WebSocket } from "ws";
import type { AuthResult } from "./auth.ts";
import type { RequestInfo } from "./request-info.ts";
import type { Consumer, Scope } from "./types.ts";

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const pair of header.split(";")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    const raw = pair
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined)
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/**
 * The scope a consumer carries: its request (the socket's upgrade, or the page's for a
 * prerender), where it came from, who it is.
 */
export function createScope(
  request: IncomingMessage,
  info: RequestInfo,
  auth: AuthResult | undefined,
  url: URL = new URL(request.url ?? "/", "http://localhost"),
): Scope {
  const scope: Scope = {
    headers: flattenHeaders(request),
    cookies: parseCookies(request.headers.cookie),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    address: info.address,
  };
  if (auth?.user !== undefined) scope.user = auth.user;
  if (auth?.session !== undefined) scope.session = auth.session;
  if (typeof auth?.socketId === "string" && auth.socketId !== "")
    scope.socketId = auth.socketId;
  return scope;
}

/** A consumer over a real socket; sends after close are dropped, never thrown. */
export function createSocketConsumer(
  socket: WebSocket,
  writable: () => boolean,
  hold: () => void,
  room: string,
  scope: Scope,
  reconnect: boolean,
): Consumer {
  const id = randomUUID();
  return {
    id,
    room,
    scope,
    reconnect,
    get closed() {
      return socket.readyState !== socket.OPEN;
    },
    sendJson(data) {
      if (!writable()) return;
      hold();
      socket.send(JSON.stringify(data));
    },
  };
}

/**
 * The consumer of a prerender: the page's HTML request, with no socket. Each frame goes to
 * `record` as it is sent (as a socket would serialise it then); after `finish()` (the page was
 * written, or the handler ran out of time) it is closed, and later sends are dropped.
 */
export function createRequestConsumer(
  id: string,
  room: string,
  scope: Scope,
  record: (data: unknown) => void,
): Consumer & { finish(): void } {
  let closed = false;
  return {
    id,
    room,
    scope,
    prerender: true,
    get closed() {
      return closed;
    },
    sendJson(data) {
      if (!closed) record(data);
    },
    finish() {
      closed = true;
    },
  };
}
