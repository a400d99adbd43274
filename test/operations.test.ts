/**
 * Operations in one process: the metrics a server counts (registered names only) and the
 * OpenTelemetry spans of handler calls and prerendered pages, read from an in-memory exporter
 * the way an app that installs the SDK would see them.
 */
import { execFileSync } from "node:child_process";
import type { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-node";
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  inject,
  it,
  vi,
} from "vitest";
import { broadcast, send } from "../src/index.ts";
import type { TestClient } from "../src/testing/index.ts";
import { startServer, type RunningServer } from "./helpers/server.ts";

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
let server: RunningServer;
let client: TestClient;
let id = 0;

/** Sends a call and waits for its ack or error frame. */
async function call(fn: string): Promise<Record<string, unknown>> {
  const messageId = ++id;
  client.sendJson({
    function: fn,
    data: {},
    form: {},
    lang: "en",
    id: messageId,
  });
  for (;;) {
    const frame = await client.receiveJson();
    if (frame.ack === messageId || frame.id === messageId) return frame;
  }
}

/** The value of one series in Prometheus text, or undefined when it is absent. */
function series(text: string, name: string): number | undefined {
  const line = text.split("\n").find((each) => each.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

/** How far the mocked clock runs ahead of the real one. */
let skewMs = 0;

beforeAll(async () => {
  provider.register();
  server = await startServer({ metrics: true });
  server.registry.register("say_hello")((consumer) =>
    send(consumer, { target: "#greeting", html: "Hello" }),
  );
  // A handler that takes 20 ms by the clock the metrics read, without waiting 20 ms.
  const realNow = performance.now.bind(performance);
  vi.spyOn(performance, "now").mockImplementation(() => realNow() + skewMs);
  server.registry.register("slow")(async () => {
    skewMs += 20;
  });
  server.registry.register("fail")(() => {
    throw new Error("boom");
  });
  server.registry.register("shout")(() =>
    broadcast({ target: "#news", html: "to everyone" }),
  );
  server.registry.register("region")((consumer) =>
    send(consumer, { target: "#region", html: "rendered" }),
  );
  client = await server.connect();
});
afterEach(() => exporter.reset());
afterAll(async () => {
  vi.restoreAllMocks();
  await server?.close();
  await provider.shutdown();
});

describe("metrics", () => {
  it("counts messages by handler and outcome, times them, and counts errors by code", async () => {
    await call("say_hello");
    await call("say_hello");
    await call("slow");
    expect(await call("fail")).toMatchObject({ code: "LV_ERR_HANDLER_FAILED" });
    const text = await server.liveview.metrics!.scrape();
    expect(
      series(
        text,
        'liveview_messages_total{function="say_hello",outcome="ok"}',
      ),
    ).toBe(2);
    expect(
      series(text, 'liveview_messages_total{function="fail",outcome="error"}'),
    ).toBe(1);
    expect(
      series(text, 'liveview_errors_total{code="LV_ERR_HANDLER_FAILED"}'),
    ).toBe(1);
    expect(
      series(text, 'liveview_handler_duration_seconds_count{function="slow"}'),
    ).toBe(1);
    expect(
      series(
        text,
        'liveview_handler_duration_seconds_bucket{function="slow",le="0.01"}',
      ),
    ).toBe(0);
    expect(
      series(text, 'liveview_handler_duration_seconds_sum{function="slow"}'),
    ).toBeGreaterThan(0.015);
    expect(series(text, "liveview_connections")).toBe(1);
    expect(series(text, "liveview_buffered_bytes")).toBe(0);
    // Node's default metrics come along; without Redis there is no Redis series.
    expect(text).toContain("process_cpu_user_seconds_total");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
    expect(text).not.toContain("liveview_redis_up");
  });

  it("counts broadcasts by kind, and frames refused before dispatch by their code", async () => {
    await call("shout");
    client.socket.send("not json");
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_BAD_MESSAGE",
    });
    const text = await server.liveview.metrics!.scrape();
    expect(series(text, 'liveview_broadcasts_total{kind="broadcast"}')).toBe(1);
    expect(
      series(text, 'liveview_errors_total{code="LV_ERR_BAD_MESSAGE"}'),
    ).toBe(1);
  });

  it('counts a call to a name nobody registered as "unknown", never as a label of its own', async () => {
    const before = await server.liveview.metrics!.scrape();
    const unknown =
      'liveview_messages_total{function="unknown",outcome="error"}';
    for (const name of ["no_such_handler", "another one", 'x"y']) {
      expect(await call(name)).toMatchObject({
        code: "LV_ERR_UNKNOWN_HANDLER",
      });
    }
    const after = await server.liveview.metrics!.scrape();
    expect(series(after, unknown)).toBe(series(before, unknown)! + 3);
    expect(after).not.toContain("no_such_handler");
    expect(after).not.toContain("another one");
    const labels = new Set(
      [...after.matchAll(/liveview_messages_total\{function="([^"]*)"/g)].map(
        (match) => match[1],
      ),
    );
    expect([...labels].sort()).toEqual([
      "fail",
      "region",
      "say_hello",
      "shout",
      "slow",
      "unknown",
    ]);
  });
});

describe("OpenTelemetry", () => {
  it("makes one span per handler call with the function, outcome and error code", async () => {
    await call("say_hello");
    await call("fail");
    await call("no_such_handler");
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual([
      "liveview say_hello",
      "liveview fail",
      "liveview unknown",
    ]);
    expect(spans[0]!.attributes).toMatchObject({
      "liveview.function": "say_hello",
      "liveview.outcome": "ok",
      "liveview.room": "room-1",
    });
    expect(spans[1]!.attributes).toMatchObject({
      "liveview.function": "fail",
      "liveview.outcome": "error",
      "liveview.error_code": "LV_ERR_HANDLER_FAILED",
    });
    expect(spans[1]!.events[0]?.name).toBe("exception");
    expect(spans[2]!.attributes).toMatchObject({
      "liveview.function": "unknown",
      "liveview.error_code": "LV_ERR_UNKNOWN_HANDLER",
    });
  });

  it("makes one span per prerendered page, parent of its regions' call spans", async () => {
    const request = Object.assign(
      { url: "/tasks/", headers: { host: "example.test" } },
      { socket: new Socket() },
    ) as unknown as IncomingMessage;
    const html = `<!doctype html><html lang="en" data-room="page-1"><body data-controller="page">
<div id="region" data-liveview-init="region" data-liveview-prerender></div></body></html>`;
    const page = await server.liveview.prerender(html, request);
    expect(page.html).toContain("rendered");
    const spans = exporter.getFinishedSpans();
    const prerender = spans.find((span) => span.name === "liveview prerender")!;
    const region = spans.find((span) => span.name === "liveview region")!;
    expect(prerender.attributes).toMatchObject({
      "liveview.page": "/tasks/",
      "liveview.regions": 1,
      "liveview.rendered": 1,
      "liveview.outcome": "ok",
    });
    expect(region.attributes).toMatchObject({ "liveview.prerender": true });
    expect(region.parentSpanContext?.spanId).toBe(
      prerender.spanContext().spanId,
    );
  });
});

describe("what a server loads", () => {
  /**
   * The packages of a fresh process after it made a server (and scraped it): prom-client and
   * @opentelemetry/api are CommonJS, so importing them fills require.cache.
   */
  function loadedPackages(metrics: boolean): string[] {
    const script = `
      import { createRequire } from "node:module";
      const { createLiveViewServer, liveviewHandler } = await import(process.argv[1]);
      liveviewHandler("x", () => {});
      const server = createLiveViewServer({ metrics: ${metrics} });
      if (server.metrics) await server.metrics.scrape();
      await server.close();
      const files = Object.keys(createRequire(import.meta.url).cache);
      const names = files.flatMap((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file)?.[1] ?? []);
      console.log(JSON.stringify([...new Set(names)].sort()));
    `;
    const dist = `${inject("packageDir")}/dist/src`;
    const out = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", script, `${dist}/index.js`],
      { encoding: "utf8" },
    );
    return (JSON.parse(out.trim().split("\n").at(-1)!) as string[]).filter(
      (name) => name === "prom-client" || name.startsWith("@opentelemetry/"),
    );
  }

  it("loads no OpenTelemetry SDK, and prom-client only with metrics on", () => {
    expect(loadedPackages(false)).toEqual(["@opentelemetry/api"]);
    expect(loadedPackages(true)).toEqual(["@opentelemetry/api", "prom-client"]);
  });
});
