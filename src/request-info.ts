import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

/** Where a request really came from, for the Origin check and `consumer.scope`. */
export interface RequestInfo {
  /** The client's address. */
  address: string;
  /** The Host the browser used (with its port), if known. */
  host: string | undefined;
  protocol: "http" | "https";
}

/** The value the nearest proxy wrote: the last of a comma-separated header. */
function lastValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(",") : header;
  const last = value?.split(",").pop()?.trim();
  return last || undefined;
}

/**
 * X-Forwarded-* headers are anyone's to send: they are read only with `trustProxy`, when a
 * proxy in front of the server writes them. The last value is taken, the one written by the
 * proxy next to us, so a client cannot pick its own address by sending the header itself.
 */
export function readRequestInfo(
  request: IncomingMessage,
  trustProxy: boolean,
): RequestInfo {
  const encrypted = Boolean((request.socket as TLSSocket).encrypted);
  const direct: RequestInfo = {
    address: request.socket.remoteAddress ?? "",
    host: request.headers.host,
    protocol: encrypted ? "https" : "http",
  };
  if (!trustProxy) return direct;
  const proto = lastValue(request.headers["x-forwarded-proto"]);
  return {
    address: lastValue(request.headers["x-forwarded-for"]) ?? direct.address,
    host: lastValue(request.headers["x-forwarded-host"]) ?? direct.host,
    protocol: proto === "https" || proto === "http" ? proto : direct.protocol,
  };
}
