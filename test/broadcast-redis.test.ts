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
