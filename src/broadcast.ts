/**
 * Fan-out between servers. Payloads are serialized frames, so a broadcast is encoded once no
 * matter how many sockets receive it. Memory and Redis are the two implementations we ship.
 */
export interface Broadcaster {
  publish(topic: string, payload: string): Promise<void>;
  /** Calls listener for every payload published on topic, from now on. */
  subscribe(topic: string, listener: (payload: string) => void): Subscription;
  close(): Promise<void>;
}

export interface Subscription {
  /**
   * Resolves once payloads published anywhere reach the listener (with Redis: once the
   * SUBSCRIBE is acknowledged; a publish from another process before that is not heard).
   */
  readonly ready: Promise<void>;
  unsubscribe(): void;
}

const READY: Promise<void> = Promise.resolve();

/** Topic every server subscribes to: `broadcast()` and `send(..., { broadcast: true })`. */
export const BROADCAST_TOPIC = "broadcast";

/** Topic of `disconnectSockets(socketId)`: the payload is the socket id. */
export const DISCONNECT_TOPIC = "control:disconnect";

/** Topic of one room: `sendToRoom(room, data)`. */
export function roomTopic(room: string): string {
  return `room:${room}`;
}

/** One process: listeners are called synchronously, in subscription order. */
export function createMemoryBroadcaster(): Broadcaster {
  const topics = new Map<string, Set<(payload: string) => void>>();
  return {
    async publish(topic, payload) {
      for (const listener of [...(topics.get(topic) ?? [])]) listener(payload);
    },
    subscribe(topic, listener) {
      let listeners = topics.get(topic);
      if (!listeners) topics.set(topic, (listeners = new Set()));
      // Wrapped so the same function can subscribe twice and unsubscribe each independently.
      const entry = (payload: string) => listener(payload);
      listeners.add(entry);
      return {
        ready: READY,
        unsubscribe() {
          listeners.delete(entry);
          if (listeners.size === 0) topics.delete(topic);
        },
      };
    },
    async close() {
      topics.clear();
    },
  };
}
