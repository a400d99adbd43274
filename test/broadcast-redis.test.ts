import { afterAll, beforeAll } from "vitest";
import { createRedisBroadcaster } from "../src/index.ts";
import { describeBroadcaster } from "./helpers/broadcaster-suite.ts";
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
