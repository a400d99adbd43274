import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import type { AuthResult } from "./auth.ts";
import { isWritable } from "./fan-out.ts";
import type { Logger } from "./logger.ts";
import type { RequestInfo } from "./request-info.ts";
import type { Consumer, Scope } from "./types.ts";
import { WriteBatch } from "./write-batch.ts";

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

/** How a socket consumer writes: when a page that stopped reading is cut off. */
export interface SocketOutput {
  maxBufferedBytes: number;
  logger: Logger;
}

/**
 * A consumer over a real socket; sends after close are dropped, never thrown. A class, so that
 * every socket carries one object and no closures (an idle socket's memory is mostly such small
 * things).
 */
class SocketConsumer implements Consumer {
  readonly id: string;

  constructor(
    private readonly socket: WebSocket,
    private readonly batch: WriteBatch,
    private readonly output: SocketOutput,
    readonly room: string,
    readonly scope: Scope,
    readonly reconnect: boolean,
  ) {
    // Node builds a UUID by concatenating its parts: kept as is, every socket would hold a tree
    // of string pieces (about 450 bytes) for one 36-character id. toLowerCase() gives back the
    // same, already lower-case text as one flat string.
    this.id = randomUUID().toLowerCase();
  }

  get closed(): boolean {
    return this.socket.readyState !== this.socket.OPEN;
  }

  sendJson(data: unknown): void {
    const { socket, output } = this;
    if (!isWritable(socket, output.maxBufferedBytes, output.logger)) return;
    this.batch.hold();
    socket.send(JSON.stringify(data));
  }
}

export function createSocketConsumer(
  socket: WebSocket,
  raw: Duplex,
  output: SocketOutput,
  room: string,
  scope: Scope,
  reconnect: boolean,
): Consumer {
  return new SocketConsumer(
    socket,
    new WriteBatch(raw),
    output,
    room,
    scope,
    reconnect,
  );
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
