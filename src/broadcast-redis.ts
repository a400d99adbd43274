import type { Broadcaster } from "./broadcast.ts";
import { DEFAULT_HISTORY, type HistoryOptions } from "./history.ts";
import type { Logger } from "./logger.ts";
import { createRedisPresence } from "./presence-redis.ts";
import { connectRedis } from "./redis-connections.ts";
import { createRedisHistory } from "./redis-history.ts";

export interface RedisBroadcasterOptions {
  /** e.g. `redis://127.0.0.1:6379/0` */
  url: string;
  /** Prefix of the Redis keys and channels. @default "liveview:" */
  prefix?: string;
  logger: Logger;
  /** What is kept for pages that reconnect, in Redis Streams. @default { maxEntries: 1000, maxAgeMs: 120000 } */
  history?: HistoryOptions;
  /** How long the presence entries of a process that died stay. @default 30000 */
  presenceTtlMs?: number;
}

type Listener = (payload: string, position: string | undefined) => void;

/**
 * Fan-out across processes through Redis pub/sub: one connection runs commands, one subscribes.
 * Messages with a history also go to a Redis Stream per topic, in the same atomic step. While
 * Redis is away a publish reaches this process's own pages directly (and the log says so), so
 * local pages keep working; ioredis reconnects and resubscribes by itself, and broadcasts flow
 * across processes again once it is back.
 */
export function createRedisBroadcaster(
  options: RedisBroadcasterOptions,
): Broadcaster {
  const prefix = options.prefix ?? "liveview:";
  const { logger } = options;
  const { connections, health } = connectRedis(options.url, logger);
  let ready = () => false;
  void connections.then(({ publisher: commands, subscriber }) => {
    ready = () => commands.status === "ready" && subscriber.status === "ready";
  });
  // Commands (history reads, presence) wait for the connection a little; broadcasts never do.
  const publisher = connections.then(({ publisher: redis }) =>
    redis.status === "ready"
      ? redis
      : new Promise<typeof redis>((ready) => {
          const timer = setTimeout(() => ready(redis), 2000);
          redis.once("ready", () => {
            clearTimeout(timer);
            ready(redis);
          });
        }),
  );
  const history = createRedisHistory(prefix, {
    ...DEFAULT_HISTORY,
    ...options.history,
  });
  const presence = createRedisPresence(
    publisher,
    prefix,
    options.presenceTtlMs ?? 30_000,
  );
  const topics = new Map<
    string,
    { listeners: Set<Listener>; ready: Promise<void> }
  >();

  function deliverLocally(topic: string, payload: string, position?: string) {
    for (const listener of [...(topics.get(topic)?.listeners ?? [])]) {
      try {
        listener(payload, position);
      } catch (error) {
        logger.error(`A listener of ${topic} failed`, error);
      }
    }
  }

  void connections.then(({ subscriber }) =>
    subscriber.on("message", (channel: string, message: string) => {
      if (!channel.startsWith(prefix)) return;
      // `<position> <payload>`, or `- <payload>` for a message without history.
      const space = message.indexOf(" ");
      const position = message.slice(0, space);
      deliverLocally(
        channel.slice(prefix.length),
        message.slice(space + 1),
        position === "-" ? undefined : position,
      );
    }),
  );

  return {
    presence,
    get connected() {
      return ready();
    },
    async publish(topic, payload, publishOptions) {
      try {
        const { publisher: redis } = await connections;
        if (publishOptions?.history)
          return await history.publish(redis, topic, payload);
        await redis.publish(prefix + topic, `- ${payload}`);
      } catch (error) {
        health.markDown(error instanceof Error ? error : undefined);
        deliverLocally(topic, payload);
      }
      return undefined;
    },
    subscribe(topic, listener) {
      let entry = topics.get(topic);
      if (!entry) {
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
        topics.set(topic, (entry = { listeners: new Set(), ready }));
      }
      const { listeners } = entry;
      const wrapped: Listener = (payload, position) =>
        listener(payload, position);
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
    async since(topic, position) {
      return history.since(await publisher, topic, position);
    },
    async head(topic) {
      return history.head(await publisher, topic);
    },
    async close() {
      health.close();
      topics.clear();
      await presence.close().catch(() => {});
      const { publisher: commands, subscriber } = await connections;
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}
