import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { PresenceEntry, PresenceStore } from "./presence-store.ts";

/**
 * Presence in Redis: one hash per topic, a field per socket (`<process>/<socket>`), and a key per
 * process that lives `ttlMs` unless the process keeps renewing it. A process that dies stops
 * renewing; the next list() of a topic drops that process's entries and reports them as gone,
 * so every member hears of it within `ttlMs`.
 */
export function createRedisPresence(
  publisher: Promise<Redis>,
  prefix: string,
  ttlMs: number,
): PresenceStore & { process: string } {
  const process = randomUUID();
  const hash = (topic: string) => `${prefix}p:${topic}`;
  const alive = (id: string) => `${prefix}alive:${id}`;
  const renew = async () => {
    const redis = await publisher;
    await redis.set(alive(process), "1", "PX", ttlMs);
  };
  const timer = setInterval(() => void renew().catch(() => {}), ttlMs / 3);
  timer.unref();
  void renew().catch(() => {});
  const field = (socket: string) => `${process}/${socket}`;
  return {
    process,
    async track(topic, entry) {
      const redis = await publisher;
      await redis.hset(hash(topic), field(entry.socket), JSON.stringify(entry));
      await redis.pexpire(hash(topic), ttlMs * 10);
    },
    async untrack(topic, socket) {
      const redis = await publisher;
      return (await redis.hdel(hash(topic), field(socket))) > 0;
    },
    async list(topic) {
      const redis = await publisher;
      const all = await redis.hgetall(hash(topic));
      const processes = [
        ...new Set(Object.keys(all).map((key) => key.split("/")[0]!)),
      ];
      const living = processes.length
        ? await redis.mget(processes.map(alive))
        : [];
      const dead = new Set(processes.filter((_, i) => living[i] === null));
      const entries: PresenceEntry[] = [];
      const gone: PresenceEntry[] = [];
      for (const [key, value] of Object.entries(all)) {
        const entry = JSON.parse(value) as PresenceEntry;
        if (!dead.has(key.split("/")[0]!)) {
          entries.push(entry);
          // Only the caller whose HDEL removed it reports it: no leave is told twice.
        } else if ((await redis.hdel(hash(topic), key)) > 0) gone.push(entry);
      }
      return { entries, gone };
    },
    async close() {
      clearInterval(timer);
      const redis = await publisher;
      await redis.del(alive(process)).catch(() => {});
    },
  };
}
