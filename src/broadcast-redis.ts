import type { Redis } from "ioredis";
import type { Broadcaster } from "./broadcast.ts";
import type { Logger } from "./logger.ts";

export interface RedisBroadcasterOptions {
  /** e.g. `redis://127.0.0.1:6379/0` */
  url: string;
  /** Prefix of the Redis channels. @default "liveview:" */
  prefix?: string;
  logger: Logger;
}

/**
 * Fan-out across processes through Redis pub/sub: one connection publishes, one subscribes.
 * While Redis is away a publish reaches this process's own pages directly (and the log says
 * so), so local pages keep working; ioredis reconnects and resubscribes by itself, and
 * broadcasts flow across processes again once it is back.
 */
export function createRedisBroadcaster(
  options: RedisBroadcasterOptions,
): Broadcaster {
  const prefix = options.prefix ?? "liveview:";
  const { logger } = options;
  const topics = new Map<
    string,
    { listeners: Set<(payload: string) => void>; ready: Promise<void> }
  >();
  let healthy = true;
  let closed = false;

  function deliverLocally(topic: string, payload: string): void {
    for (const listener of [...(topics.get(topic)?.listeners ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        logger.error(`A listener of ${topic} failed`, error);
      }
    }
  }

  function markDown(error?: Error): void {
    if (closed || !healthy) return;
    healthy = false;
    logger.warn(
      `Redis at ${redact(options.url)} is unavailable (${error?.message ?? "connection closed"}); ` +
        "broadcasts reach this process's pages only until it returns",
    );
  }

  function markUp(): void {
    if (healthy || closed) return;
    healthy = true;
    logger.info(
      `Redis at ${redact(options.url)} is back; broadcasts cross processes again`,
    );
  }

  /**
   * ioredis is imported on first use, not with the package: an app without Redis never loads
   * it. Until it is connected, publishes wait and subscriptions are queued.
   */
  const connections = import("ioredis").then(({ Redis }) => {
    const retryStrategy = (attempt: number) =>
      Math.min(100 * 2 ** attempt, 2000);
    // No offline queue: a broadcast must not be held back and replayed minutes later.
    const publisher = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy,
      lazyConnect: false,
    });
    const subscriber = new Redis(options.url, {
      retryStrategy,
      maxRetriesPerRequest: null,
      autoResubscribe: true,
    });
    watch(publisher, subscriber);
    return { publisher, subscriber };
  });

  function watch(publisher: Redis, subscriber: Redis): void {
    for (const connection of [publisher, subscriber]) {
      connection.on("error", (error: Error) => markDown(error));
      connection.on("end", () => markDown());
    }
    subscriber.on("ready", () => {
      if (publisher.status === "ready") markUp();
    });
    publisher.on("ready", () => {
      if (subscriber.status === "ready") markUp();
    });
    subscriber.on("message", (channel: string, payload: string) => {
      if (channel.startsWith(prefix))
        deliverLocally(channel.slice(prefix.length), payload);
    });
  }

  return {
    async publish(topic, payload) {
      try {
        const { publisher } = await connections;
        await publisher.publish(prefix + topic, payload);
      } catch (error) {
        markDown(error instanceof Error ? error : undefined);
        deliverLocally(topic, payload);
      }
    },
    subscribe(topic, listener) {
      let entry = topics.get(topic);
      if (!entry) {
        const listeners = new Set<(payload: string) => void>();
        // Queued while Redis is away (the subscriber keeps an offline queue), and ioredis
        // subscribes again by itself after a reconnect (autoResubscribe).
        const ready = connections
          .then(({ subscriber }) => subscriber.subscribe(prefix + topic))
          .then(
            () => undefined,
            (error: unknown) => {
              logger.debug(`SUBSCRIBE ${topic} failed: ${String(error)}`);
              return new Promise<void>(() => {});
            },
          );
        topics.set(topic, (entry = { listeners, ready }));
      }
      const { listeners } = entry;
      const wrapped = (payload: string) => listener(payload);
      listeners.add(wrapped);
      return {
        ready: entry.ready,
        unsubscribe() {
          listeners.delete(wrapped);
          if (listeners.size > 0 || topics.get(topic)?.listeners !== listeners)
            return;
          topics.delete(topic);
          connections
            .then(({ subscriber }) => subscriber.unsubscribe(prefix + topic))
            .catch(() => {});
        },
      };
    },
    async close() {
      closed = true;
      topics.clear();
      const { publisher, subscriber } = await connections;
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}

/** The URL without its password, for log lines. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "redis";
  }
}
