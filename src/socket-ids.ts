import type { WebSocket } from "ws";
import { DISCONNECT_TOPIC, type Broadcaster } from "./broadcast.ts";
import { CLOSE_UNAUTHORIZED } from "./close-codes.ts";

export interface SocketIds {
  /** Resolves once disconnects from other processes reach this server. */
  readonly ready: Promise<void>;
  add(socket: WebSocket, socketId: string): void;
  remove(socket: WebSocket, socketId: string): void;
  close(): void;
}

/**
 * The sockets of each `socketId` that `authenticate` returned, on this server. A logout on any
 * process publishes the id (disconnectSockets), and every server closes its sockets of that id
 * with 4401, so no tab of a logged-out user keeps acting on their behalf.
 */
export function createSocketIds(broadcaster: Broadcaster): SocketIds {
  const byId = new Map<string, Set<WebSocket>>();
  const subscription = broadcaster.subscribe(DISCONNECT_TOPIC, (socketId) => {
    for (const socket of byId.get(socketId) ?? []) {
      socket.close(CLOSE_UNAUTHORIZED, "Signed out");
    }
  });
  return {
    ready: subscription.ready,
    add(socket, socketId) {
      let sockets = byId.get(socketId);
      if (!sockets) byId.set(socketId, (sockets = new Set()));
      sockets.add(socket);
    },
    remove(socket, socketId) {
      const sockets = byId.get(socketId);
      sockets?.delete(socket);
      if (sockets?.size === 0) byId.delete(socketId);
    },
    close() {
      subscription.unsubscribe();
      byId.clear();
    },
  };
}
