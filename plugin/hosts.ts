import { isIP } from "node:net";
import type { ResolvedConfig } from "vite";

/**
 * Vite's rule for the Host header (`server.allowedHosts`), which its HTTP side applies and its
 * upgrade handling leaves to each socket: IP addresses, localhost and `*.localhost`, and the
 * listed names (`.example.com` allows its subdomains). Without it a DNS-rebinding page could
 * open our socket with the developer's cookies.
 */
export function createHostCheck(
  config: ResolvedConfig,
  preview: boolean,
): ((host: string | undefined) => boolean) | undefined {
  const options = preview ? config.preview : config.server;
  const allowed = options.allowedHosts;
  if (allowed === true) return undefined;
  const names = [...allowed];
  if (typeof options.host === "string" && options.host)
    names.push(options.host);
  return (host) => host === undefined || isHostAllowed(host, names);
}

export function isHostAllowed(host: string, names: readonly string[]): boolean {
  const trimmed = host.trim();
  if (trimmed.startsWith("[")) {
    const end = trimmed.indexOf("]");
    return end > 0 && isIP(trimmed.slice(1, end)) === 6;
  }
  const hostname = trimmed.replace(/:\d*$/, "").toLowerCase();
  if (isIP(hostname) === 4) return true;
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return true;
  return names.some((name) =>
    name.startsWith(".")
      ? hostname === name.slice(1) || hostname.endsWith(name)
      : hostname === name,
  );
}
