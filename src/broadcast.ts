import {
  createMemoryHistory,
  DEFAULT_HISTORY,
  type Backlog,
  type HistoryOptions,
} from "./history.ts";
import { createMemoryPresence, type PresenceStore } from "./presence-store.ts";

/**
 * Fan-out between servers. Payloads are serialized messages, so a broadcast is encoded once no
 * matter how many sockets receive it. Memory and Redis are the two implementations we ship; one
 * behaviour suite runs against both.
 */
export interface Broadcaster {
  /**
   * Publishes payload on topic to every subscriber, on every process. With `history`, the
   * message is also kept for pages that reconnect, and the promise resolves with its position.
   */
  publish(
    topic: string,
    payload: string,
    options?: { history?: boolean },
  ): Promise<string | undefined>;
  /** Calls listener for every payload published on topic, from now on, with its position. */
  subscribe(
    topic: string,
    listener: (payload: string, position: string | undefined) => void,
  ): Subscription;
  /** What was published with history on topic after `position`, oldest first. */
  since(topic: string, position: string): Promise<Backlog>;
  /** The position of the topic's latest message: a page that joins starts from there. */
  head(topic: string): Promise<string>;
  /** Presence entries, shared the way payloads are. */
  readonly presence: PresenceStore;
  /** Whether the shared medium is reachable (Redis: both connections ready); absent in memory. */
  readonly connected?: boolean;
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

/** Topic every server subscribes to: `broadcast()` and `send(..., { broadcast: true })`. */
export const BROADCAST_TOPIC = "broadcast";

/** Topic of `disconnectSockets(socketId)`: the payload is the socket id. */
export const DISCONNECT_TOPIC = "control:disconnect";

/** Topic of one room or joined topic: `sendToRoom(name, data)`, `publish(name, ...)`. */
export function roomTopic(room: string): string {
  return `room:${room}`;
}

const READY: Promise<void> = Promise.resolve();

export interface MemoryBroadcasterOptions {
  /** What is kept for pages that reconnect. @default { maxEntries: 1000, maxAgeMs: 120000 } */
  history?: HistoryOptions;
}

/** One process: listeners are called synchronously, in subscription order. */
export function createMemoryBroadcaster(
  options: MemoryBroadcasterOptions = {},
): Broadcaster {
  const topics = new Map<
    string,
    Set<(payload: string, position: string | undefined) => void>
  >();
  const history = createMemoryHistory({
    ...DEFAULT_HISTORY,
    ...options.history,
  });
  return {
    presence: createMemoryPresence(),
    async publish(topic, payload, publishOptions) {
      const position = publishOptions?.history
        ? history.append(topic, payload)
        : undefined;
      for (const listener of [...(topics.get(topic) ?? [])])
        listener(payload, position);
      return position;
    },
    subscribe(topic, listener) {
      let listeners = topics.get(topic);
      if (!listeners) topics.set(topic, (listeners = new Set()));
      // Wrapped so the same function can subscribe twice and unsubscribe each independently.
      const entry = (payload: string, position: string | undefined) =>
        listener(payload, position);
      listeners.add(entry);
      return {
        ready: READY,
        unsubscribe() {
          listeners.delete(entry);
          if (listeners.size === 0) topics.delete(topic);
        },
      };
    },
    async since(topic, position) {
      return history.since(topic, position);
    },
    async head(topic) {
      return history.head(topic);
    },
    async close() {
      topics.clear();
      history.clear();
      await this.presence.close();
    },
  };
}
