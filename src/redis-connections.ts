import type { Redis } from "ioredis";
import type { Logger } from "./logger.ts";

export interface RedisConnections {
  /** Runs commands (publish, streams, presence). */
  publisher: Redis;
  /** In subscriber mode: receives what is published. */
  subscriber: Redis;
}

export interface RedisHealth {
  /** Something failed: say once that broadcasts stay in this process. */
  markDown(error?: Error): void;
  close(): void;
}

/**
 * ioredis is imported on first use, not with the package: an app without Redis never loads it.
 * While Redis is away the log says so once, and says when it is back.
 */
export function connectRedis(
  url: string,
  logger: Logger,
): { connections: Promise<RedisConnections>; health: RedisHealth } {
  let healthy = true;
  let closed = false;
  const where = redact(url);
  const health: RedisHealth = {
    markDown(error) {
      if (closed || !healthy) return;
      healthy = false;
      logger.warn(
        `Redis at ${where} is unavailable (${error?.message ?? "connection closed"}); ` +
          "broadcasts reach this process's pages only until it returns",
      );
    },
    close() {
      closed = true;
    },
  };
  const markUp = () => {
    if (healthy || closed) return;
    healthy = true;
    logger.info(`Redis at ${where} is back; broadcasts cross processes again`);
  };
  const connections = import("ioredis").then(({ Redis }) => {
    const retryStrategy = (attempt: number) =>
      Math.min(100 * 2 ** attempt, 2000);
    // No offline queue: a broadcast must not be held back and replayed minutes later.
    const publisher = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy,
    });
    const subscriber = new Redis(url, {
      retryStrategy,
      maxRetriesPerRequest: null,
      autoResubscribe: true,
    });
    for (const connection of [publisher, subscriber]) {
      connection.on("error", (error: Error) => health.markDown(error));
      connection.on("end", () => health.markDown());
    }
    subscriber.on("ready", () => publisher.status === "ready" && markUp());
    publisher.on("ready", () => subscriber.status === "ready" && markUp());
    return { publisher, subscriber };
  });
  return { connections, health };
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
