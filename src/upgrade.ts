import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { AuthResult } from "./auth.ts";
import {
  cutClientText,
  quoteClientText,
  type ClientLog,
} from "./client-log.ts";
import type { ResolvedServerOptions } from "./options.ts";
import { isOriginAllowed } from "./origin.ts";
import { readRequestInfo, type RequestInfo } from "./request-info.ts";
import { ROOM_PATTERN } from "./room-token.ts";

/** What the socket URL `<path><room>/?build=<id>` says. */
export interface SocketAddress {
  room: string;
  /** The build the page was served from (absent in dev). */
  build: string | undefined;
  /**
   * Where a page that keeps its place was in each group, as JSON: present (maybe empty)
   * when the page keeps its place, not empty when it reconnects.
   */
  resume: string | null;
}

/** The room and build of a socket URL, or undefined when the URL is not ours. */
export function parseSocketUrl(
  url: string | undefined,
  path: string,
): SocketAddress | undefined {
  const parsed = new URL(url ?? "/", "http://localhost");
  if (!parsed.pathname.startsWith(path)) return undefined;
  const rest = parsed.pathname.slice(path.length).replace(/\/$/, "");
  let room: string;
  try {
    room = decodeURIComponent(rest);
  } catch {
    room = "";
  }
  return {
    room,
    build: parsed.searchParams.get("build") ?? undefined,
    resume: parsed.searchParams.get("resume"),
  };
}

/** True when the room may be used at all: signed tokens are longer than plain names. */
export function isRoomWellFormed(room: string, signed: boolean): boolean {
  return /^[\w.~-]{1,256}$/.test(room) && (signed || ROOM_PATTERN.test(room));
}

export function rejectUpgrade(
  socket: Duplex,
  status: number,
  reason: string,
): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}

export type Admission =
  | { accepted: true; info: RequestInfo; auth: AuthResult | undefined }
  | { accepted: false; status: number; reason: string };

const refuse = (status: number, reason: string): Admission => ({
  accepted: false,
  status,
  reason,
});

/**
 * The checks an upgrade passes before the handshake, cheapest first: the Host (DNS rebinding,
 * in dev), the Origin (cross-site hijacking), then `authenticate`, which runs on every upgrade
 * so a revoked session is not let back in by a reconnect.
 */
export async function admitUpgrade(
  request: IncomingMessage,
  options: ResolvedServerOptions,
  log: ClientLog,
): Promise<Admission> {
  const info = readRequestInfo(request, options.trustProxy);
  if (options.isHostAllowed && !options.isHostAllowed(request.headers.host)) {
    log.warn(
      "host",
      `Refused a socket for host ${quoteClientText(request.headers.host ?? "")}`,
      {
        host: cutClientText(request.headers.host ?? ""),
        address: info.address,
      },
    );
    return refuse(403, "Forbidden");
  }
  if (!isOriginAllowed(request, options.allowedOrigins, info)) {
    log.warn(
      "origin",
      `Refused a socket from origin ${quoteClientText(request.headers.origin ?? "")}`,
      {
        origin: cutClientText(request.headers.origin ?? ""),
        address: info.address,
      },
    );
    return refuse(403, "Forbidden");
  }
  if (!options.authenticate) return { accepted: true, info, auth: undefined };
  try {
    const result = await options.authenticate(request);
    if (result === false) return refuse(401, "Unauthorized");
    return { accepted: true, info, auth: result ?? undefined };
  } catch (error) {
    options.logger.error("authenticate() failed", error);
    return refuse(500, "Internal Server Error");
  }
}
