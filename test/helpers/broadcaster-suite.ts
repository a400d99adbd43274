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
  });
}
