import type { WebSocket } from "ws";
import {
  BROADCAST_TOPIC,
  roomTopic,
  type Broadcaster,
  type Subscription,
} from "./broadcast.ts";
import type { Logger } from "./logger.ts";

export interface FanOut {
  /** Resolves once broadcasts from other processes reach this server. */
  readonly ready: Promise<void>;
  join(socket: WebSocket, room: string): void;
  leave(socket: WebSocket, room: string): void;
  readonly size: number;
  forEach(callback: (socket: WebSocket) => void): void;
  close(): void;
}

/**
 * True when the socket is open and not backed up. A backed-up one is cut off at once: a close
 * handshake would wait behind the very data the page is not reading. Its client reconnects.
 */
export function isWritable(
  socket: WebSocket,
  maxBufferedBytes: number,
  logger: Logger,
): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (socket.bufferedAmount <= maxBufferedBytes) return true;
  logger.warn(
    `Closing a page that stopped reading (${socket.bufferedAmount} bytes waiting)`,
  );
  socket.terminate();
  return false;
}

/**
 * The server's pages and their rooms, subscribed to the broadcaster: one subscription for
 * everyone, one per room while it has pages. A payload is encoded once for all its sockets.
 */
export function createFanOut(
  broadcaster: Broadcaster,
  logger: Logger,
  maxBufferedBytes: number,
): FanOut {
  const sockets = new Set<WebSocket>();
  const rooms = new Map<
    string,
    { sockets: Set<WebSocket>; subscription: Subscription }
  >();

  function deliver(targets: Iterable<WebSocket>, payload: string): void {
    const bytes = Buffer.from(payload);
    for (const socket of targets) {
      if (isWritable(socket, maxBufferedBytes, logger))
        socket.send(bytes, { binary: false });
    }
  }

  const everyone = broadcaster.subscribe(BROADCAST_TOPIC, (payload) =>
    deliver(sockets, payload),
  );

  return {
    ready: everyone.ready,
    join(socket, room) {
      sockets.add(socket);
      let entry = rooms.get(room);
      if (!entry) {
        const members = new Set<WebSocket>();
        const subscription = broadcaster.subscribe(roomTopic(room), (payload) =>
          deliver(members, payload),
        );
        rooms.set(room, (entry = { sockets: members, subscription }));
      }
      entry.sockets.add(socket);
    },
    leave(socket, room) {
      sockets.delete(socket);
      const entry = rooms.get(room);
      if (!entry) return;
      entry.sockets.delete(socket);
      if (entry.sockets.size === 0) {
        entry.subscription.unsubscribe();
        rooms.delete(room);
      }
    },
    get size() {
      return sockets.size;
    },
    forEach(callback) {
      for (const socket of sockets) callback(socket);
    },
    close() {
      everyone.unsubscribe();
      for (const entry of rooms.values()) entry.subscription.unsubscribe();
      rooms.clear();
    },
  };
}
