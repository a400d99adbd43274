import { roomTopic } from "./broadcast.ts";
import { encodeEventCall } from "./events.ts";
import type { PresenceEntry } from "./presence-store.ts";
import { currentServices, getRuntime, type ServerServices } from "./runtime.ts";
import { publishEverywhere } from "./send.ts";
import { assertTopic } from "./topics.ts";
import type { ConsumerLike } from "./types.ts";

/** Who is in a topic: one entry per key (a user's socketId, else a page), one meta per socket. */
export type PresenceList = { key: string; metas: unknown[] }[];

/** The payload of the `"presence"` event its members get on every change. */
export interface PresenceDiff {
  topic: string;
  list: PresenceList;
  joins: { key: string; meta: unknown }[];
  leaves: { key: string; meta: unknown }[];
}

const MAX_META = 4096;

function servicesOf(consumer: ConsumerLike): ServerServices {
  return getRuntime().consumers.get(consumer) ?? currentServices();
}

function group(entries: PresenceEntry[]): PresenceList {
  const byKey = new Map<string, unknown[]>();
  for (const entry of entries) {
    const metas = byKey.get(entry.key) ?? [];
    metas.push(entry.meta);
    byKey.set(entry.key, metas);
  }
  return [...byKey].map(([key, metas]) => ({ key, metas }));
}

/** Lists the topic (dropping entries of dead processes) and tells its members what changed. */
export async function announce(
  services: ServerServices,
  topic: string,
  joins: PresenceEntry[],
  leaves: PresenceEntry[],
): Promise<PresenceList> {
  const { entries, gone } = await services.broadcaster.presence.list(topic);
  const list = group(entries);
  const left = [...leaves, ...gone];
  if (joins.length || left.length) {
    const diff: PresenceDiff = {
      topic,
      list,
      joins: joins.map(({ key, meta }) => ({ key, meta })),
      leaves: left.map(({ key, meta }) => ({ key, meta })),
    };
    await publishEverywhere(
      roomTopic(topic),
      encodeEventCall("presence", topic, "presence", diff),
    );
  }
  return list;
}

/**
 * Marks the page present in `topic` with `meta` (JSON, at most 4 KB): every member gets the
 * `"presence"` event with the new list. The entry leaves when the socket closes; with Redis, the
 * entries of a process that died leave within `presenceTtlMs`.
 */
export async function trackPresence(
  consumer: ConsumerLike,
  topic: string,
  meta: unknown = {},
): Promise<void> {
  assertTopic("trackPresence()", topic);
  const text = JSON.stringify(meta ?? {});
  if (text === undefined || text.length > MAX_META)
    throw new TypeError(
      `trackPresence(): meta must be JSON of at most ${MAX_META} bytes`,
    );
  const membership = getRuntime().members.get(consumer);
  if (!membership || consumer.id === undefined) return;
  const services = servicesOf(consumer);
  const entry: PresenceEntry = {
    socket: consumer.id,
    key: consumer.scope?.socketId ?? consumer.id,
    meta: JSON.parse(text) as unknown,
  };
  membership.presence.add(topic);
  await services.broadcaster.presence.track(topic, entry);
  await announce(services, topic, [entry], []);
}

export async function untrackPresence(
  consumer: ConsumerLike,
  topic: string,
): Promise<void> {
  assertTopic("untrackPresence()", topic);
  const membership = getRuntime().members.get(consumer);
  if (!membership?.presence.delete(topic) || consumer.id === undefined) return;
  await untrack(
    servicesOf(consumer),
    topic,
    consumer.id,
    consumer.scope?.socketId,
  );
}

/** Removes one socket's entry and announces it (also when a socket closes). */
export async function untrack(
  services: ServerServices,
  topic: string,
  socket: string,
  socketId: string | undefined,
): Promise<void> {
  const before = await services.broadcaster.presence.list(topic);
  const mine = before.entries.find((entry) => entry.socket === socket);
  if (!(await services.broadcaster.presence.untrack(topic, socket))) return;
  const leave = mine ?? { socket, key: socketId ?? socket, meta: {} };
  await announce(services, topic, [], [leave]);
}

/** Who is in `topic` now, on every process. */
export async function listPresence(topic: string): Promise<PresenceList> {
  assertTopic("listPresence()", topic);
  return announce(currentServices(), topic, [], []);
}
