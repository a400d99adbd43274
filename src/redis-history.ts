import type { Redis } from "ioredis";
import type { Backlog, HistoryOptions } from "./history.ts";
import { comparePositions } from "./positions.ts";

/**
 * One round trip, atomic: append to the topic's stream (trimmed by count and age, expiring with
 * its last message) and publish `<id> <payload>`. Atomic, so the order subscribers hear is the
 * order of the stream, and a page that replays from a position misses nothing in between.
 */
const PUBLISH_WITH_HISTORY = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'p', ARGV[1])
local t = redis.call('TIME')
local oldest = t[1] * 1000 + math.floor(t[2] / 1000) - tonumber(ARGV[3])
redis.call('XTRIM', KEYS[1], 'MINID', '~', oldest .. '-0')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[1])
return id`;

export interface RedisHistory {
  publish(publisher: Redis, topic: string, payload: string): Promise<string>;
  since(publisher: Redis, topic: string, position: string): Promise<Backlog>;
  head(publisher: Redis, topic: string): Promise<string>;
}

/** Topic histories as Redis Streams, so a restarted or different process can replay them. */
export function createRedisHistory(
  prefix: string,
  options: Required<HistoryOptions>,
): RedisHistory {
  const stream = (topic: string) => `${prefix}h:${topic}`;
  return {
    async publish(publisher, topic, payload) {
      return (await publisher.eval(
        PUBLISH_WITH_HISTORY,
        2,
        stream(topic),
        prefix + topic,
        payload,
        options.maxEntries,
        options.maxAgeMs,
      )) as string;
    },
    async since(publisher, topic, position) {
      let info: unknown[];
      try {
        info = (await publisher.call(
          "XINFO",
          "STREAM",
          stream(topic),
        )) as unknown[];
      } catch {
        // No stream: nothing was kept, so only a page that had seen nothing is up to date.
        return { complete: position === "0-0", entries: [] };
      }
      const field = (name: string) => info[info.indexOf(name) + 1];
      // Trimmed entries leave no trace but a count: when some were, only a page that had seen
      // the oldest entry still kept is sure to have missed nothing that is gone.
      const trimmed = Number(field("entries-added")) > Number(field("length"));
      const first = String(field("recorded-first-entry-id") ?? "0-0");
      if (trimmed && comparePositions(position, first) < 0)
        return { complete: false, entries: [] };
      const rows = (await publisher.xrange(
        stream(topic),
        `(${position}`,
        "+",
      )) as [string, string[]][];
      return {
        complete: true,
        entries: rows.map(([id, fields]) => ({
          position: id,
          payload: fields[1] ?? "",
        })),
      };
    },
    async head(publisher, topic) {
      const last = (await publisher.xrevrange(
        stream(topic),
        "+",
        "-",
        "COUNT",
        1,
      )) as [string, string[]][];
      return last[0]?.[0] ?? "0-0";
    },
  };
}
