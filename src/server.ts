import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { handleConnection } from "./connection.ts";
import { createScope, createSocketConsumer } from "./consumer.ts";
import type { DispatchDeps } from "./dispatch.ts";
import { createFanOut, isWritable } from "./fan-out.ts";
import { startHeartbeat } from "./heartbeat.ts";
import { createTranslator } from "./i18n.ts";
import {
  resolveOptions,
  type AuthResult,
  type CoreOptions,
  type LiveViewServerOptions,
} from "./options.ts";
import { isOriginAllowed } from "./origin.ts";
import { errorFrame } from "./protocol.ts";
import { ROOM_PATTERN, verifyRoomToken } from "./room-token.ts";
import { getRuntime, type ServerServices } from "./runtime.ts";
import { createWriteBatcher } from "./write-batch.ts";
import { createTemplateRenderer } from "./templates.ts";

/** Anything that emits Node's 'upgrade' events: http(s).Server, Vite's dev and preview servers. */
export interface UpgradeSource {
  on(
    event: "upgrade",
    listener: (request: IncomingMessage, socket: Duplex, head: Buffer) => void,
  ): unknown;
  off(
    event: "upgrade",
    listener: (request: IncomingMessage, socket: Duplex, head: Buffer) => void,
  ): unknown;
}

export interface AttachOptions {
  /** Answer upgrades on other paths with 404 (only when this server owns the HTTP server). */
  exclusive?: boolean;
}

export interface LiveViewServer {
  readonly path: string;
  /** Takes an upgrade request for our path and returns true; returns false for any other path. */
  handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): boolean;
  /** Listens for upgrades on an HTTP server; returns the function that stops listening. */
  attach(server: UpgradeSource, options?: AttachOptions): () => void;
  /** Number of open sockets. */
  readonly clientCount: number;
  /** Closes every socket with 1001 (clients reconnect) and waits for running handlers. */
  close(): Promise<void>;
}

/** Close code for a room that is not a valid server-issued token (with roomSecret). */
export const CLOSE_FORBIDDEN = 4403;
const CLOSE_GOING_AWAY = 1001;
/** How long clients get to answer the close handshake on shutdown. */
const CLOSE_GRACE_MS = 2000;

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}

/** The room segment of `<path><room>/`, or undefined when the URL is not ours. */
function roomFromUrl(
  url: string | undefined,
  path: string,
): string | undefined {
  const pathname = new URL(url ?? "/", "http://localhost").pathname;
  if (!pathname.startsWith(path)) return undefined;
  const rest = pathname.slice(path.length).replace(/\/$/, "");
  try {
    return decodeURIComponent(rest);
  } catch {
    return "";
  }
}

/** The LiveView endpoint without Vite: the same core the dev plugin and `liveview serve` use. */
export function createLiveViewServer(
  options: LiveViewServerOptions = {},
): LiveViewServer {
  return createServerCore(options);
}

/** createLiveViewServer with the options only the plugin and the tests pass. */
export function createServerCore(options: CoreOptions = {}): LiveViewServer {
  const resolved = resolveOptions(options);
  const runtime = getRuntime();
  const services: ServerServices = {
    logger: resolved.logger,
    broadcaster: resolved.broadcaster,
    renderer: createTemplateRenderer({
      dir: resolved.templates,
      cache: !resolved.dev,
    }),
    translator: createTranslator({
      dir: resolved.locales,
      defaultLanguage: resolved.defaultLanguage,
      watch: resolved.dev,
      logger: resolved.logger,
    }),
    defaultLanguage: resolved.defaultLanguage,
  };
  const deps: DispatchDeps = {
    registry: resolved.registry,
    services,
    dev: resolved.dev,
    onHandlerError: resolved.onHandlerError,
  };
  // A frame larger than maxMessageBytes is answered, not fatal; only far larger ones close
  // the socket (ws's 1009), so memory stays bounded.
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: Math.max(resolved.maxMessageBytes * 16, 16 * 1024 * 1024),
  });
  const fanOut = createFanOut(
    resolved.broadcaster,
    resolved.logger,
    resolved.maxBufferedBytes,
  );
  const stopHeartbeat =
    resolved.heartbeatMs > 0
      ? startHeartbeat(fanOut.forEach, resolved.heartbeatMs)
      : () => {};
  const inFlight = new Set<Promise<void>>();
  let closing = false;
  runtime.servers.add(services);

  function track(work: Promise<void>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  function accept(
    socket: WebSocket,
    raw: Duplex,
    request: IncomingMessage,
    room: string,
    auth?: AuthResult,
  ): void {
    const writable = () =>
      isWritable(socket, resolved.maxBufferedBytes, resolved.logger);
    const consumer = createSocketConsumer(
      socket,
      writable,
      createWriteBatcher(raw),
      room,
      createScope(request, auth),
    );
    runtime.consumers.set(consumer, services);
    fanOut.join(socket, room);
    socket.on("error", (error) =>
      resolved.logger.debug(`Socket error: ${error.message}`),
    );
    socket.on("close", () => fanOut.leave(socket, room));
    handleConnection(socket, consumer, resolved, deps, track);
  }

  async function upgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    room: string,
  ) {
    if (!isOriginAllowed(request, resolved.allowedOrigins)) {
      resolved.logger.warn(
        `Refused a socket from origin ${request.headers.origin ?? ""}`,
      );
      return rejectUpgrade(socket, 403, "Forbidden");
    }
    let auth: AuthResult | undefined;
    if (resolved.authenticate) {
      try {
        const result = await resolved.authenticate(request);
        if (result === false) return rejectUpgrade(socket, 401, "Unauthorized");
        auth = result;
      } catch (error) {
        resolved.logger.error("authenticate() failed", error);
        return rejectUpgrade(socket, 500, "Internal Server Error");
      }
    }
    if (closing || socket.destroyed)
      return rejectUpgrade(socket, 503, "Service Unavailable");
    const verified = resolved.roomSecret
      ? verifyRoomToken(resolved.roomSecret, room)
      : room;
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (verified === undefined) {
        ws.send(
          JSON.stringify(
            errorFrame(
              "LV_ERR_FORBIDDEN",
              "This room was not issued by the server",
            ),
          ),
        );
        ws.close(CLOSE_FORBIDDEN, "Forbidden room");
        return;
      }
      accept(ws, socket, request, room, auth);
    });
  }

  const server: LiveViewServer = {
    path: resolved.path,
    handleUpgrade(request, socket, head) {
      const room = roomFromUrl(request.url, resolved.path);
      if (room === undefined) return false;
      // A client resetting mid-handshake must not crash the process.
      socket.on("error", () => {});
      if (
        !/^[\w.~-]{1,256}$/.test(room) ||
        (!resolved.roomSecret && !ROOM_PATTERN.test(room))
      ) {
        rejectUpgrade(socket, 400, "Bad Request");
        return true;
      }
      upgrade(request, socket, head, room).catch((error: unknown) => {
        resolved.logger.error("Upgrade failed", error);
        socket.destroy();
      });
      return true;
    },
    attach(source, attachOptions = {}) {
      const listener = (
        request: IncomingMessage,
        socket: Duplex,
        head: Buffer,
      ) => {
        if (server.handleUpgrade(request, socket, head)) return;
        if (attachOptions.exclusive) {
          socket.on("error", () => {});
          rejectUpgrade(socket, 404, "Not Found");
        }
      };
      source.on("upgrade", listener);
      return () => source.off("upgrade", listener);
    },
    get clientCount() {
      return fanOut.size;
    },
    async close() {
      if (closing) return;
      closing = true;
      runtime.servers.delete(services);
      stopHeartbeat();
      const closed: Promise<unknown>[] = [];
      fanOut.forEach((socket) => {
        closed.push(new Promise((done) => socket.once("close", done)));
        socket.close(CLOSE_GOING_AWAY, "Server shutting down");
      });
      await Promise.allSettled([...inFlight]);
      // A client that never answers the close handshake must not hold the shutdown.
      const grace = new Promise((done) =>
        setTimeout(done, CLOSE_GRACE_MS).unref(),
      );
      await Promise.race([Promise.all(closed), grace]);
      fanOut.forEach((socket) => socket.terminate());
      await Promise.all(closed);
      fanOut.close();
      wss.close();
      if (resolved.ownsBroadcaster) await resolved.broadcaster.close();
    },
  };
  return server;
}
