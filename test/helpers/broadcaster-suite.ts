import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Broadcaster } from "../../src/index.ts";
import { waitFor } from "./wait.ts";

/**
 * One behaviour suite for every Broadcaster we ship. `create` returns two broadcasters that
 * must act as one bus (two processes sharing Redis; the memory one shares itself).
 */
export function describeBroadcaster(
  name: string,
  create: () => Promise<[Broadcaster, Broadcaster]>,
): void {
  describe(`${name} broadcaster`, () => {
    let a: Broadcaster;
    let b: Broadcaster;
    beforeEach(async () => {
      [a, b] = await create();
    });
    afterEach(async () => {
      await a.close();
      if (b !== a) await b.close();
    });

    it("delivers a published payload to subscribers on both sides, once each", async () => {
      const seenA: string[] = [];
      const seenB: string[] = [];
      await Promise.all([
        a.subscribe("t", (payload) => seenA.push(payload)).ready,
        b.subscribe("t", (payload) => seenB.push(payload)).ready,
      ]);
      await a.publish("t", '{"n":1}');
      await waitFor(() =>
        seenA.length === 1 && seenB.length === 1 ? true : undefined,
      );
      expect(seenA).toEqual(['{"n":1}']);
      expect(seenB).toEqual(['{"n":1}']);
    });

    it("keeps topics apart and stops delivering after unsubscribe", async () => {
      const seen: string[] = [];
      const one = b.subscribe("room:1", (payload) => seen.push(`1:${payload}`));
      const two = b.subscribe("room:2", (payload) => seen.push(`2:${payload}`));
      await Promise.all([one.ready, two.ready]);
      await a.publish("room:1", "a");
      await a.publish("room:2", "b");
      await waitFor(() => (seen.length === 2 ? true : undefined));
      one.unsubscribe();
      await a.publish("room:1", "c");
      await a.publish("room:2", "d");
      await waitFor(() => (seen.length === 3 ? true : undefined));
      expect(seen.sort()).toEqual(["1:a", "2:b", "2:d"]);
    });

    it("preserves the order of payloads on one topic", async () => {
      const seen: string[] = [];
      await b.subscribe("ordered", (payload) => seen.push(payload)).ready;
      for (let i = 0; i < 100; i++) await a.publish("ordered", String(i));
      await waitFor(() => (seen.length === 100 ? true : undefined));
      expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    });

    it("keeps a history: what was published after a position, in order, and its head", async () => {
      const topic = `history-${Math.random()}`;
      const start = await a.head(topic);
      const positions: (string | undefined)[] = [];
      for (const n of [1, 2, 3])
        positions.push(await a.publish(topic, `m${n}`, { history: true }));
      expect(positions.every((position) => typeof position === "string")).toBe(
        true,
      );
      expect(await b.since(topic, start)).toEqual({
        complete: true,
        entries: ["m1", "m2", "m3"].map((payload, i) => ({
          payload,
          position: positions[i],
        })),
      });
      expect(await b.since(topic, positions[1]!)).toMatchObject({
        complete: true,
        entries: [{ payload: "m3" }],
      });
      expect(await b.head(topic)).toBe(positions[2]);
      // Without a history, a payload is only heard live.
      expect(await a.publish(topic, "not kept")).toBeUndefined();
    });

    it("shares presence: entries tracked on one side are listed on the other", async () => {
      const topic = `presence-${Math.random()}`;
      await a.presence.track(topic, {
        socket: "s1",
        key: "ana",
        meta: { tab: 1 },
      });
      await b.presence.track(topic, { socket: "s2", key: "bob", meta: {} });
      const listed = await b.presence.list(topic);
      expect(listed.entries.map((entry) => entry.key).sort()).toEqual([
        "ana",
        "bob",
      ]);
      expect(await a.presence.untrack(topic, "s1")).toBe(true);
      expect(await a.presence.untrack(topic, "s1")).toBe(false);
      expect((await b.presence.list(topic)).entries.map((e) => e.key)).toEqual([
        "bob",
      ]);
    });
  });
}
