import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { send } from "../src/index.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";

/** A small seeded generator (mulberry32) so a failing run can be replayed. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

type Random = ReturnType<typeof createRandom>;

const ATOMS = [
  null,
  true,
  false,
  0,
  -1,
  1e308,
  "",
  "echo",
  "__proto__",
  "constructor",
  "💥",
  "\u0000",
  [],
  {},
];

function randomValue(random: Random, depth = 0): unknown {
  const kind = random.int(depth > 2 ? 3 : 6);
  if (kind === 0) return random.pick(ATOMS);
  if (kind === 1) return random.next() * 1e6;
  if (kind === 2) return "x".repeat(random.int(50));
  if (kind === 3)
    return Array.from({ length: random.int(4) }, () =>
      randomValue(random, depth + 1),
    );
  const out: Record<string, unknown> = {};
  for (let i = random.int(5); i > 0; i--)
    out[
      String(
        random.pick([
          "function",
          "data",
          "form",
          "id",
          "lang",
          "room",
          "__proto__",
          "x",
        ]),
      )
    ] = randomValue(random, depth + 1);
  return out;
}

function randomFrame(random: Random): string | Buffer {
  switch (random.int(6)) {
    case 0:
      return Buffer.from(
        Array.from({ length: random.int(64) }, () => random.int(256)),
      );
    case 1: {
      const text = JSON.stringify(message("echo", { id: random.int(1000) }));
      return text.slice(0, random.int(text.length));
    }
    case 2:
      return JSON.stringify(randomValue(random));
    case 3:
      return JSON.stringify({
        function: random.pick(["echo", "nope", "", "throws"]),
        data: randomValue(random),
        form: randomValue(random),
        id: randomValue(random),
      });
    case 4:
      return String.fromCharCode(
        ...Array.from({ length: random.int(40) }, () => random.int(0xffff)),
      );
    default:
      return JSON.stringify(
        message(random.pick(["echo", "throws", "nope"]), {
          data: { text: "ok" },
        }),
      );
  }
}

describe("malformed frames", () => {
  let server: RunningServer;
  beforeEach(async () => {
    server = await startServer({ rateLimit: false, addressLimit: false });
    server.registry.register("echo")((consumer, content) =>
      send(consumer, { html: String(content.data.text ?? "") }),
    );
    server.registry.register("throws")(() => {
      throw new Error("x");
    });
  });
  afterEach(() => server.close());

  it("survives 5,000 random frames from several clients and still answers a well-formed call", async () => {
    const random = createRandom(20261121);
    const clients = await Promise.all([1, 2, 3, 4].map(() => server.connect()));
    const bystander = await server.connect();
    for (let i = 0; i < 5000; i++) {
      const client = clients[i % clients.length]!;
      client.socket.send(randomFrame(random));
    }
    for (const client of [...clients, bystander]) {
      client.sendJson(
        message("echo", { data: { text: "alive" }, id: "final" }),
      );
      let frame: Record<string, unknown>;
      do frame = await client.receiveJson(10_000);
      while (frame.id !== "final" && frame.ack !== "final");
      expect(frame).toEqual({ ack: "final" });
    }
    expect(server.liveview.clientCount).toBe(5);
  });
});
