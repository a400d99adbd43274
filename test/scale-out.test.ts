import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectTestClient, type TestClient } from "../src/testing/index.ts";
import {
  buildApp,
  startServe,
  startServeReady,
  type ServeProcess,
} from "./helpers/serve.ts";
import { startRedis, type TestRedis } from "./helpers/redis.ts";
import { copyFixture } from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";

let app: ReturnType<typeof copyFixture>;
let dist: string;
let redis: TestRedis;
const running: ServeProcess[] = [];
const clients: TestClient[] = [];

async function connect(
  serve: ServeProcess,
  room = "room-1",
): Promise<TestClient> {
  const client = await connectTestClient(serve.socketUrl(room));
  clients.push(client);
  return client;
}

async function serve(args: string[] = []): Promise<ServeProcess> {
  const process = await startServeReady(dist, ["--redis", redis.url, ...args]);
  running.push(process);
  return process;
}

let id = 0;
/** Sends a message and returns the frames up to its ack. */
async function call(
  client: TestClient,
  fn: string,
  extra: Record<string, unknown> = {},
) {
  const messageId = ++id;
  client.sendJson({
    function: fn,
    data: {},
    form: {},
    lang: "en",
    id: messageId,
    ...extra,
  });
  const frames: Record<string, unknown>[] = [];
  for (;;) {
    const frame = await client.receiveJson();
    if (frame.ack === messageId) return frames;
    if (frame.id === messageId)
      throw new Error(`error frame ${JSON.stringify(frame)}`);
    frames.push(frame);
  }
}

/** An online list: each page shows who is in "lobby", by name, on every process. */
const ONLINE = `import { join, liveviewEvent, liveviewHandler, send, trackPresence } from "vite-plugin-liveview/server";

liveviewEvent("presence", (consumer, diff) => {
  const names = diff.list.map((entry) => entry.metas[0].name).sort();
  send(consumer, { target: "#online", html: names.join(",") });
});
liveviewHandler("go_online", (consumer, content) => {
  join(consumer, "lobby");
  return trackPresence(consumer, "lobby", { name: content.data.name });
});
`;
/** How long the presence of a killed process lingers, carried to serve by the build. */
const PRESENCE_TTL_MS = 1500;

beforeAll(async () => {
  app = copyFixture();
  writeFileSync(join(app.root, "liveview_components", "online.ts"), ONLINE);
  await buildApp(app.root, { presenceTtlMs: PRESENCE_TTL_MS });
  dist = join(app.root, "dist");
  redis = await startRedis();
}, 180_000);
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(
    running.splice(0).map((process) => process.stop("SIGKILL")),
  );
  await redis.start();
});
afterAll(async () => {
  await redis?.stop();
  app?.remove();
});

describe("two liveview serve processes sharing Redis", () => {
  it("delivers a broadcast from a client of one to the clients of both", async () => {
    const [a, b] = await Promise.all([serve(), serve()]);
    const onA = await connect(a);
    const onB = await connect(b, "room-2");
    const frames = await call(onA, "notify_all", {
      form: { message: "Hello everyone!" },
    });
    const expected = {
      target: "#notifications",
      html: "Hello everyone!",
      append: true,
    };
    const received = frames.length > 0 ? frames[0] : await onA.receiveJson();
    expect(received).toEqual(expected);
    expect(await onB.receiveJson()).toEqual(expected);
  });

  it("delivers a room send to that room's pages on both processes only", async () => {
    const [a, b] = await Promise.all([serve(), serve()]);
    const sender = await connect(a, "lobby");
    const roomOnA = await connect(a, "team");
    const roomOnB = await connect(b, "team");
    const otherOnB = await connect(b, "elsewhere");
    await call(sender, "to_room", {
      data: { room: "team" },
      form: { message: "for the team" },
    });
    expect(await roomOnA.receiveJson()).toEqual({
      target: "#room",
      html: "for the team",
    });
    expect(await roomOnB.receiveJson()).toEqual({
      target: "#room",
      html: "for the team",
    });
    await expect(otherOnB.receiveJson(300)).rejects.toThrow(/No frame/);
  });

  it("keeps answering while Redis is down, says so, and broadcasts across processes again once it is back", async () => {
    const [a, b] = await Promise.all([serve(), serve()]);
    const onA = await connect(a);
    const onB = await connect(b);
    await redis.stop();
    await waitFor(() =>
      /Redis .* is unavailable/.test(a.output()) ? true : undefined,
    );
    expect(await call(onA, "say_hello", { form: { name: "A" } })).toEqual([
      expect.objectContaining({ target: "#greeting" }),
    ]);
    expect(await call(onB, "say_hello", { form: { name: "B" } })).toEqual([
      expect.objectContaining({ target: "#greeting" }),
    ]);
    // A broadcast during the outage still reaches the sender's own process.
    const during = await call(onA, "notify_all", {
      form: { message: "local" },
    });
    expect(
      during.length > 0 ? during[0] : await onA.receiveJson(),
    ).toMatchObject({ html: "local" });
    await redis.start();
    await waitFor(
      () =>
        /Redis .* is back/.test(a.output()) &&
        /Redis .* is back/.test(b.output())
          ? true
          : undefined,
      { timeoutMs: 15_000 },
    );
    await call(onA, "notify_all", { form: { message: "across again" } });
    const seen = await waitFor(
      async () => {
        const frame = await onB.receiveJson(1000).catch(() => undefined);
        return frame?.html === "across again" ? frame : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(seen).toMatchObject({ html: "across again" });
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
  }, 60_000);

  it("drops the pages of a process killed with SIGKILL from the online lists of the others", async () => {
    const [a, b] = await Promise.all([serve(), serve()]);
    const onA = await connect(a);
    const onB = await connect(b);
    /** Reads a page's frames until its online list reads `names`. */
    const untilOnline = (client: TestClient, names: string) =>
      waitFor(async () => {
        const frame = await client.receiveJson(PRESENCE_TTL_MS);
        return frame.target === "#online" && frame.html === names
          ? true
          : undefined;
      });
    await call(onA, "go_online", { data: { name: "ana" } });
    await call(onB, "go_online", { data: { name: "bob" } });
    await untilOnline(onA, "ana,bob");
    // No close, no cleanup: b's entries leave when its heartbeat in Redis runs out.
    await b.stop("SIGKILL");
    await untilOnline(onA, "ana");
  });

  it("on SIGTERM lets running handlers finish and deliver, closes sockets with 1001 and exits 0", async () => {
    const a = await serve();
    const client = await connect(a);
    client.sendJson({ function: "slow", id: 1 });
    await a.waitForOutput(/slow handler started/);
    a.child.kill("SIGTERM");
    expect(await client.receiveJson()).toEqual({
      target: "#slow",
      html: "done",
    });
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    expect(await client.closed()).toBe(1001);
    expect(await a.exited()).toBe(0);
    expect(a.output()).toContain("slow handler finished");
  });

  it("with --workers 2 spreads pages over two processes and broadcasts across them", async () => {
    const cluster = await serve(["--workers", "2"]);
    await waitFor(() =>
      (cluster.output().match(/Serving /g) ?? []).length === 2
        ? true
        : undefined,
    );
    const pids = new Map<string, TestClient>();
    for (let i = 0; i < 30 && pids.size < 2; i++) {
      const client = await connect(cluster);
      const [frame] = await call(client, "whoami");
      pids.set(String(frame!.html), client);
    }
    expect(pids.size).toBe(2);
    const [first, second] = [...pids.values()];
    await call(first!, "notify_all", { form: { message: "to every worker" } });
    const seen = await waitFor(async () => {
      const frame = await second!.receiveJson(1000).catch(() => undefined);
      return frame?.html === "to every worker" ? frame : undefined;
    });
    expect(seen).toMatchObject({ html: "to every worker" });
    cluster.child.kill("SIGTERM");
    expect(await cluster.exited()).toBe(0);
  });
});

describe("liveview serve --metrics --workers 2 with LIVEVIEW_LOG_FORMAT=json", () => {
  it("answers /metrics on either worker with both workers' figures summed, and logs JSON lines only", async () => {
    const cluster = await startServeReady(
      dist,
      ["--workers", "2", "--metrics", "--redis", redis.url],
      { LIVEVIEW_LOG_FORMAT: "json" },
    );
    running.push(cluster);
    const pids = new Set<string>();
    let calls = 0;
    for (let i = 0; i < 30 && pids.size < 2; i++) {
      const client = await connect(cluster);
      const [frame] = await call(client, "whoami");
      calls += 1;
      pids.add(String(frame!.html));
    }
    expect(pids.size).toBe(2);
    const [someone] = clients;
    someone!.sendJson({ function: "no_such_handler", id: "x" });
    expect(await someone!.receiveJson()).toMatchObject({
      code: "LV_ERR_UNKNOWN_HANDLER",
    });
    const value = (text: string, series: string) =>
      Number(
        text
          .split("\n")
          .find((line) => line.startsWith(`${series} `))
          ?.split(" ")[1],
      );
    // Each scrape lands on some worker; every one must report the whole cluster.
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`http://127.0.0.1:${cluster.port}/metrics`);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(
        value(text, 'liveview_messages_total{function="whoami",outcome="ok"}'),
      ).toBe(calls);
      expect(
        value(
          text,
          'liveview_messages_total{function="unknown",outcome="error"}',
        ),
      ).toBe(1);
      expect(value(text, "liveview_connections")).toBe(clients.length);
      expect(value(text, "liveview_redis_up")).toBe(1);
      expect(text).not.toContain("no_such_handler");
    }
    const lines = cluster.output().trim().split("\n");
    const records = lines.map(
      (line) => JSON.parse(line) as Record<string, unknown>,
    );
    for (const record of records)
      expect(Object.keys(record)).toEqual(
        expect.arrayContaining(["time", "level", "msg"]),
      );
    expect(records).toContainEqual(
      expect.objectContaining({
        level: "warn",
        function: "no_such_handler",
        room: "room-1",
        code: "LV_ERR_UNKNOWN_HANDLER",
      }),
    );
  });
});

describe("liveview serve refusals", () => {
  it("refuses --workers 2 without Redis with a clear message", async () => {
    const refused = await startServe(dist, ["--workers", "2"], {
      LIVEVIEW_REDIS_URL: "",
    });
    expect(await refused.exited()).toBe(2);
    expect(refused.output()).toMatch(/--workers 2 needs Redis/);
  });
});

describe("the built playground behind two liveview serve processes", () => {
  let playground: ReturnType<typeof copyFixture>;

  beforeAll(async () => {
    playground = copyFixture(join(import.meta.dirname, "..", "playground"), {
      linkNodeModules: true,
    });
    await buildApp(playground.root);
  }, 120_000);
  afterAll(() => playground?.remove());

  it("shows a notification sent on one process to a page of the other, escaped", async () => {
    const start = async () => {
      const process = await startServeReady(join(playground.root, "dist"), [
        "--redis",
        redis.url,
      ]);
      running.push(process);
      return process;
    };
    const [a, b] = await Promise.all([start(), start()]);
    const sender = await connect(a, "sender");
    const reader = await connect(b, "reader");
    await call(sender, "notify_all", {
      form: { message: "<img src=x onerror=alert(1)>" },
    });
    const frame = await waitFor(async () => {
      const next = await reader.receiveJson(1000).catch(() => undefined);
      return next?.target === "#notifications" ? next : undefined;
    });
    expect(frame).toMatchObject({ append: true });
    expect(String(frame.html)).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(String(frame.html)).not.toContain("<img");
  });
});
