import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { AuthResult } from "./auth.ts";
import {
  CLOSE_FORBIDDEN,
  CLOSE_GOING_AWAY,
  CLOSE_STALE_BUILD,
} from "./close-codes.ts";
import { createAddressBudgets } from "./address-budgets.ts";
import { createClientLog, quoteClientText } from "./client-log.ts";
import {
  handleConnection,
  type Connection,
  type ConnectionGuards,
} from "./connection.ts";
import { createDeadlines } from "./deadlines.ts";
import { createInFlight } from "./in-flight.ts";
import { createScope, createSocketConsumer } from "./consumer.ts";
import type { DispatchDeps } from "./dispatch.ts";
import { createFanOut } from "./fan-out.ts";
import { createLifecycle } from "./lifecycle.ts";
import { createMetrics, type LiveViewMetrics } from "./metrics.ts";
import { combineObservers } from "./observer.ts";
import { MemberHandle, parseResume, type Member } from "./member.ts";
import { isPosition } from "./positions.ts";
import { startHeartbeat } from "./heartbeat.ts";
import { createTranslator } from "./i18n.ts";
import {
  resolveOptions,
  type CoreOptions,
  type LiveViewServerOptions,
} from "./options.ts";
import { createPrerender, type PrerenderedPage } from "./prerender.ts";
import { errorFrame } from "./protocol.ts";
import type { RequestInfo } from "./request-info.ts";
import { verifyRoomToken } from "./room-token.ts";
import { getRuntime, type ServerServices } from "./runtime.ts";
import { createSocketIds } from "./socket-ids.ts";
import { createStallMonitor } from "./stall.ts";
import { createTemplateRenderer } from "./templates.ts";
import { createUploadStore } from "./upload-store.ts";
import {
  admitUpgrade,
  isRoomWellFormed,
  parseSocketUrl,
  rejectUpgrade,
  type SocketAddress,
} from "./upgrade.ts";

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
  /**
   * Resolves once what other processes publish (broadcasts, room sends, disconnects) reaches
   * this server: with Redis, once its subscriptions are acknowledged.
   */
  readonly ready: Promise<void>;
  /** Takes an upgrade request for our path and returns true; returns false for any other path. */
  handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): boolean;
  /** Listens for upgrades on an HTTP server; returns the function that stops listening. */
  attach(server: UpgradeSource, options?: AttachOptions): () => void;
  /**
   * Server-rendered first paint for one page request: each `data-liveview-init` element that also
   * has `data-liveview-prerender` has its handler run for `request` (with `consumer.prerender`),
   * and what it sends is written into `html`. A region that fails or runs past
   * `prerenderTimeoutMs` is left as written, for the browser to call live; this never rejects.
   */
  prerender(html: string, request: IncomingMessage): Promise<PrerenderedPage>;
  /** Number of open sockets. */
  readonly clientCount: number;
  /** With the `metrics` option: the Prometheus figures of this server. */
  readonly metrics: LiveViewMetrics | undefined;
  /** Closes every socket with 1001 (clients reconnect) and waits for running handlers. */
  close(): Promise<void>;
}

/** How long clients get to answer the close handshake on shutdown. */
const CLOSE_GRACE_MS = 2000;

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
    registry: resolved.registry,
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
  const clientLog = createClientLog(resolved.logger);
  // Read when scraped: fanOut is made below.
  const measured = resolved.metrics
    ? createMetrics({
        connections: () => fanOut.size,
        bufferedBytes: () => {
          let bytes = 0;
          fanOut.forEach((socket) => (bytes += socket.bufferedAmount));
          return bytes;
        },
        redisUp: () => resolved.broadcaster.connected,
        handlerNames: () => resolved.registry.listFunctions(),
      })
    : undefined;
  const observer = combineObservers([measured?.observer, resolved.observer]);
  services.observer = observer;
  const stall = createStallMonitor();
  const deadlines = createDeadlines(resolved.handlerTimeoutMs);
  const guards: ConnectionGuards = {
    stall,
    clientLog,
    addresses: resolved.addressLimit
      ? createAddressBudgets(resolved.addressLimit, stall)
      : undefined,
    uploads: createUploadStore(resolved.uploads, resolved.logger),
  };
  const deps: DispatchDeps = {
    registry: resolved.registry,
    services,
    clientLog,
    deadlines,
    timeoutMs: resolved.handlerTimeoutMs,
    dev: resolved.dev,
    onHandlerError: resolved.onHandlerError,
    observer,
  };
  const connections = new Set<Connection>();
  // A frame larger than maxMessageBytes is answered, not fatal; only far larger ones close
  // the socket (ws's 1009), so memory stays bounded.
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: Math.max(resolved.maxMessageBytes * 16, 16 * 1024 * 1024),
  });
  const lifecycle = createLifecycle({
    registry: resolved.registry,
    services,
    clientLog,
    onHandlerError: resolved.onHandlerError,
    sweepMs: resolved.ownsBroadcaster ? resolved.presenceTtlMs / 3 : undefined,
  });
  const fanOut = createFanOut(
    resolved.broadcaster,
    resolved.logger,
    resolved.maxBufferedBytes,
    lifecycle.runEvent,
  );
  const socketIds = createSocketIds(resolved.broadcaster);
  const stopHeartbeat =
    resolved.heartbeatMs > 0
      ? startHeartbeat(fanOut.forEach, resolved.heartbeatMs)
      : () => {};
  const inFlight = createInFlight();
  let closing = false;
  // The inspector's own server is not where app code's broadcasts go.
  if (!resolved.isolated) runtime.servers.add(services);

  function accept(
    socket: WebSocket,
    raw: Duplex,
    request: IncomingMessage,
    room: string,
    address: SocketAddress,
    info: RequestInfo,
    auth: AuthResult | undefined,
  ): void {
    const scope = createScope(request, info, auth);
    const consumer = createSocketConsumer(
      socket,
      raw,
      resolved,
      room,
      scope,
      address.resume !== null && address.resume !== "",
    );
    const member: Member = {
      socket,
      consumer,
      tracks: address.resume !== null,
      resume: parseResume(address.resume, isPosition),
      groups: new Set(),
      lang: services.defaultLanguage,
    };
    runtime.consumers.set(consumer, services);
    runtime.members.set(consumer, new MemberHandle(fanOut, member));
    // Before the fan-out, which may replay missed frames to it at once.
    observer?.opened(member);
    fanOut.add(member, room);
    const { socketId } = scope;
    if (socketId !== undefined) socketIds.add(socket, socketId);
    socket.on("error", (error) =>
      resolved.logger.debug(`Socket error: ${error.message}`),
    );
    const connection = handleConnection(
      socket,
      consumer,
      resolved,
      deps,
      inFlight,
      guards,
      member,
    );
    connections.add(connection);
    // One listener for everything a close ends: one per concern would be kept by every socket.
    socket.on("close", (code) => {
      connection.closed();
      connections.delete(connection);
      fanOut.remove(member);
      guards.addresses?.disconnect(info.address);
      if (socketId !== undefined) socketIds.remove(socket, socketId);
      lifecycle.closed(member, code);
      observer?.closed(member);
    });
    lifecycle.opened(member);
  }

  /**
   * Refusals a browser must see as close codes, so they come after the handshake. Returns the
   * socket's room (the name inside a signed token), or undefined when the socket was closed.
   */
  function roomAfterHandshake(
    socket: WebSocket,
    address: SocketAddress,
  ): string | undefined {
    if (
      resolved.buildId &&
      address.build &&
      address.build !== resolved.buildId
    ) {
      socket.close(CLOSE_STALE_BUILD, "Stale build");
      return undefined;
    }
    if (!resolved.roomSecret) return address.room;
    const room = verifyRoomToken(resolved.roomSecret, address.room);
    if (room !== undefined) return room;
    const frame = errorFrame(
      "LV_ERR_FORBIDDEN",
      "This room was not issued by the server",
    );
    observer?.refused(frame.code);
    socket.send(JSON.stringify(frame));
    socket.close(CLOSE_FORBIDDEN, "Forbidden room");
    return undefined;
  }

  async function upgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    address: SocketAddress,
  ) {
    const admission = await admitUpgrade(request, resolved, clientLog);
    if (!admission.accepted) {
      return rejectUpgrade(socket, admission.status, admission.reason);
    }
    if (closing || socket.destroyed || fanOut.size >= resolved.maxConnections)
      return rejectUpgrade(socket, 503, "Service Unavailable");
    const { info } = admission;
    if (guards.addresses && !guards.addresses.connect(info.address)) {
      clientLog.warn(
        "address-sockets",
        `Refused a socket: ${quoteClientText(info.address)} has too many open`,
        { address: info.address },
      );
      return rejectUpgrade(socket, 429, "Too Many Requests");
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // A signed room's token is a credential; the room is the name inside it.
      const room = roomAfterHandshake(ws, address);
      if (room === undefined) {
        guards.addresses?.disconnect(info.address);
        return;
      }
      accept(ws, socket, request, room, address, info, admission.auth);
    });
  }

  const server: LiveViewServer = {
    path: resolved.path,
    ready: Promise.all([fanOut.ready, socketIds.ready]).then(() => undefined),
    handleUpgrade(request, socket, head) {
      const address = parseSocketUrl(request.url, resolved.path);
      if (address === undefined) return false;
      // A client resetting mid-handshake must not crash the process.
      socket.on("error", () => {});
      if (!isRoomWellFormed(address.room, Boolean(resolved.roomSecret))) {
        rejectUpgrade(socket, 400, "Bad Request");
        return true;
      }
      upgrade(request, socket, head, address).catch((error: unknown) => {
        resolved.logger.error("Upgrade failed", error);
        socket.destroy();
      });
      return true;
    },
    prerender: createPrerender(resolved, deps),
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
    metrics: measured?.metrics,
    async close() {
      if (closing) return;
      closing = true;
      stopHeartbeat();
      // Stop reading, let running handlers finish and their frames and acks go out, then close.
      for (const connection of connections) connection.stop();
      await inFlight.idle();
      await new Promise((flushed) => setImmediate(flushed));
      runtime.servers.delete(services);
      const closed: Promise<unknown>[] = [];
      fanOut.forEach((socket) => {
        closed.push(new Promise((done) => socket.once("close", done)));
        // Read again, so the client's answer to the close frame is heard (messages are not).
        socket.resume();
        socket.close(CLOSE_GOING_AWAY, "Server shutting down");
      });
      // A client that never answers the close handshake must not hold the shutdown.
      const grace = new Promise((done) =>
        setTimeout(done, CLOSE_GRACE_MS).unref(),
      );
      await Promise.race([Promise.all(closed), grace]);
      fanOut.forEach((socket) => socket.terminate());
      await Promise.all(closed);
      fanOut.close();
      lifecycle.stop();
      socketIds.close();
      stall.stop();
      deadlines.stop();
      guards.addresses?.stop();
      await guards.uploads.close();
      wss.close();
      if (resolved.ownsBroadcaster) await resolved.broadcaster.close();
    },
  };
  return server;
}
