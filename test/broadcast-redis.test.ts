import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisBroadcaster } from "../src/index.ts";
import { connectTestClient } from "../src/testing/index.ts";
import { describeBroadcaster } from "./helpers/broadcaster-suite.ts";
import { startServer } from "./helpers/server.ts";
import { copyFixture, startDevServer } from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";
import { startRedis, type TestRedis } from "./helpers/redis.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

// Two broadcasters on one Redis stand for two processes.
describeBroadcaster("redis", async () => [
  createRedisBroadcaster({ url: redis.url, logger: silent }),
  createRedisBroadcaster({ url: redis.url, logger: silent }),
]);

describe("the plugin's redis option", () => {
  it("sends a broadcast from a vite dev page to a page of another server on the same Redis", async () => {
    const app = copyFixture();
    const dev = await startDevServer(app.root, { redis: redis.url });
    const other = await startServer({ redis: redis.url });
    try {
      const reader = await other.connect();
      const sender = await connectTestClient(dev.socketUrl());
      const expected = {
        target: "#notifications",
        html: "across",
        append: true,
      };
      const seen = await waitFor(async () => {
        sender.sendJson({
          function: "notify_all",
          form: { message: "across" },
          id: 1,
        });
        const frame = await reader.receiveJson(500).catch(() => undefined);
        return frame?.html === "across" ? frame : undefined;
      });
      expect(seen).toEqual(expected);
      await sender.close();
    } finally {
      await other.close();
      await dev.close();
      app.remove();
    }
  });
});

describe("the Redis history and presence", () => {
  it("says a replay is incomplete once the stream was trimmed past the page's position", async () => {
    const one = createRedisBroadcaster({
      url: redis.url,
      logger: silent,
      history: { maxEntries: 2 },
    });
    try {
      const topic = `trimmed-${Math.random()}`;
      const start = await one.head(topic);
      // XADD trims approximately: far more than maxEntries makes sure some are gone.
      for (let n = 0; n < 300; n++)
        await one.publish(topic, `m${n}`, { history: true });
      expect(await one.since(topic, start)).toEqual({
        complete: false,
        entries: [],
      });
    } finally {
      await one.close();
    }
  });

  it("drops the presence entries of a process that died, once, within the TTL", async () => {
    const dying = createRedisBroadcaster({
      url: redis.url,
      logger: silent,
      presenceTtlMs: 300,
    });
    const living = createRedisBroadcaster({
      url: redis.url,
      logger: silent,
      presenceTtlMs: 300,
    });
    try {
      const topic = `ttl-${Math.random()}`;
      await dying.presence.track(topic, { socket: "s1", key: "ana", meta: {} });
      await living.presence.track(topic, {
        socket: "s2",
        key: "bob",
        meta: {},
      });
      // The process stops renewing its key (as a killed one would) without cleaning up.
      await (dying as unknown as { close(): Promise<void> }).close();
      const { gone, entries } = await waitFor(async () => {
        const listed = await living.presence.list(topic);
        return listed.gone.length ? listed : undefined;
      });
      expect(gone.map((entry) => entry.key)).toEqual(["ana"]);
      expect(entries.map((entry) => entry.key)).toEqual(["bob"]);
      expect((await living.presence.list(topic)).gone).toEqual([]);
    } finally {
      await living.close();
    }
  });
});
