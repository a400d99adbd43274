// npm run bench: our server against a plain `ws` floor, same load generator, same messages.
// Servers are pinned to core 0 and the load generator to core 1; each figure is the median of
// --runs runs (default 3) with min-max, and the CPU each side used, to show who was the limit.
// Options: --runs N, --only a,b (roundtrip, throughput, fanout, fanout-redis, memory, client, hmr,
// static, first-paint, realtime, upload),
// --broadcasts N (per fan-out run, default 50), --clients 1000,5000 (fan-out sizes),
// --compare metrics (our server with metrics on against the same server with them off, instead
// of ours against the floor: `npm run bench -- --only roundtrip,throughput --compare metrics`)
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cpuSeconds, freePort, rssBytes, startPinned } from "./lib/procs.mjs";
import { startRedis } from "./lib/redis.mjs";
import { spread } from "./lib/stats.mjs";

const benchStarted = performance.now();
const { values } = parseArgs({
  options: {
    runs: { type: "string" },
    only: { type: "string" },
    broadcasts: { type: "string" },
    clients: { type: "string" },
    compare: { type: "string" },
  },
});
const comparingMetrics = values.compare === "metrics";
const broadcasts = values.broadcasts ?? "50";
const clientCounts = (values.clients ?? "1000,5000").split(",").map(Number);
const runs = Number(values.runs ?? 3);
const only = values.only ? new Set(values.only.split(",")) : undefined;
const wanted = (name) => !only || only.has(name);
const here = import.meta.dirname;
const script = (file) => join(here, file);
const SERVER_CORE = 0;
const LOAD_CORE = cpus().length > 1 ? 1 : 0;

execFileSync("npm", ["run", "build"], {
  cwd: join(here, ".."),
  stdio: "ignore",
});

// "ours" is measured against "floor"; with --compare metrics, "ours" has metrics on and "floor"
// is the same server with them off.
const SERVERS = comparingMetrics
  ? {
      ours: { file: "servers/liveview.mjs", env: { BENCH_METRICS: "1" } },
      floor: { file: "servers/liveview.mjs", env: {} },
    }
  : {
      ours: { file: "servers/liveview.mjs", env: {} },
      floor: { file: "servers/floor.mjs", env: {} },
    };
const [OURS, FLOOR] = comparingMetrics
  ? ["metrics on", "metrics off"]
  : ["ours", "floor (plain ws)"];

async function startServers(kind, count, redisUrl) {
  const servers = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const { file, env } = SERVERS[kind];
    const server = startPinned(
      SERVER_CORE,
      script(file),
      [String(port), redisUrl ?? ""],
      { env },
    );
    await server.started;
    servers.push({
      ...server,
      url: `ws://127.0.0.1:${port}/ws/liveview/bench/`,
    });
  }
  return servers;
}

/** One run of a load generator against fresh servers; returns its result plus CPU shares. */
async function measure(
  kind,
  { servers: count = 1, redisUrl, load, args, env = {} },
) {
  const servers = await startServers(kind, count, redisUrl);
  const before = servers.map((server) => cpuSeconds(server.pid));
  const started = performance.now();
  const generator = startPinned(
    LOAD_CORE,
    script(load),
    args(servers.map((server) => server.url)),
    { ready: null, env },
  );
  const result = await generator.result();
  const wall = (performance.now() - started) / 1000;
  const serverCpu =
    servers.reduce(
      (sum, server, i) => sum + cpuSeconds(server.pid) - before[i],
      0,
    ) / wall;
  await Promise.all(servers.map((server) => server.stop()));
  return { ...result, serverCpu, wall };
}

async function memoryPerConnection(kind, connections) {
  const [server] = await startServers(kind, 1);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const baseline = rssBytes(server.pid);
  const holder = startPinned(
    LOAD_CORE,
    script("load/idle.mjs"),
    [server.url, String(connections)],
    { ready: /CONNECTED/ },
  );
  await holder.started;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const perConnection = (rssBytes(server.pid) - baseline) / connections;
  await holder.stop();
  await server.stop();
  return { bytes: perConnection };
}

const rows = [];
function record(figure, unit, pick, results, better = "lower") {
  const ours = spread(results.ours.map(pick));
  const floor = spread(results.floor.map(pick));
  const cpu = (list, key) => spread(list.map((r) => r[key] ?? NaN)).median;
  rows.push({
    figure,
    unit,
    ours,
    floor,
    ratio: ours.median / floor.median,
    better,
    oursCpu: cpu(results.ours, "serverCpu"),
    floorCpu: cpu(results.floor, "serverCpu"),
    oursLoad: cpu(results.ours, "loadCpu"),
    floorLoad: cpu(results.floor, "loadCpu"),
  });
}

/** Runs the floor and ours alternately, `runs` times each. */
async function compare(options) {
  const results = { ours: [], floor: [] };
  for (let run = 0; run < runs; run++) {
    for (const kind of ["floor", "ours"])
      results[kind].push(await measure(kind, options));
  }
  return results;
}

// The minimal handler (synchronous, a template string) and the one the README shows (async,
// awaiting an eta template), each against the same floor.
const HANDLERS = [
  ["minimal handler", "say_hello"],
  ["README handler (async, eta)", "say_hello_template"],
];
if (wanted("roundtrip")) {
  for (const [label, fn] of HANDLERS) {
    const results = await compare({
      load: "load/roundtrip.mjs",
      args: ([url]) => [url, "20000"],
      env: { BENCH_FUNCTION: fn },
    });
    record(
      `round trip p50, ${label} (1 connection, 20,000 requests)`,
      "ms",
      (r) => r.p50,
      results,
    );
    record(
      `round trip p99, ${label} (1 connection, 20,000 requests)`,
      "ms",
      (r) => r.p99,
      results,
    );
  }
}
if (wanted("throughput")) {
  for (const [label, fn] of HANDLERS) {
    const results = await compare({
      load: "load/throughput.mjs",
      args: ([url]) => [url, "100", "5"],
      env: { BENCH_FUNCTION: fn },
    });
    record(
      `throughput, ${label} (100 connections, closed loop)`,
      "msg/s",
      (r) => r.messagesPerSecond,
      results,
      "higher",
    );
    // Less swayed by neighbours on a shared machine than the rate: what each message cost the
    // server, however many it got through.
    record(
      `server CPU per message, ${label} (same runs)`,
      "µs",
      (r) => (r.serverCpu / r.messagesPerSecond) * 1e6,
      results,
    );
  }
}
async function fanOut(label, servers, redisUrl) {
  for (const clients of clientCounts) {
    const results = await compare({
      servers,
      redisUrl,
      load: "load/fanout.mjs",
      args: (urls) => [String(clients), broadcasts, ...urls],
    });
    record(
      `fan-out p50, ${clients} clients, ${label}`,
      "ms",
      (r) => r.p50,
      results,
    );
    record(
      `fan-out p99, ${clients} clients, ${label}`,
      "ms",
      (r) => r.p99,
      results,
    );
  }
}
if (wanted("fanout")) await fanOut("1 process", 1);
if (wanted("fanout-redis")) {
  const redis = await startRedis(SERVER_CORE);
  await fanOut("2 processes + Redis", 2, redis.url);
  redis.stop();
}
if (wanted("memory")) {
  const results = { ours: [], floor: [] };
  for (let run = 0; run < runs; run++) {
    for (const kind of ["floor", "ours"])
      results[kind].push(await memoryPerConnection(kind, 5000));
  }
  record(
    "memory per idle connection (5,000 open)",
    "KiB",
    (r) => r.bytes / 1024,
    results,
  );
}

const fmt = (value) =>
  Math.abs(value) >= 100
    ? value.toFixed(0)
    : value.toFixed(value >= 10 ? 1 : 3);
const cell = (s) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
console.log(
  `\nvite-plugin-liveview bench: ${cpus().length} cores (${cpus()[0].model}), Node ${process.version}, ${runs} runs each; server on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}\n`,
);
console.log(
  `| figure | ${OURS} | ${FLOOR} | ${OURS} / ${FLOOR} | server CPU ${OURS} / ${FLOOR} | load generator CPU ${OURS} / ${FLOOR} |`,
);
console.log("| --- | --- | --- | --- | --- | --- |");
const percent = (a, b) =>
  Number.isNaN(a) ? "" : `${(a * 100).toFixed(0)}% / ${(b * 100).toFixed(0)}%`;
for (const row of rows) {
  console.log(
    `| ${row.figure} | ${cell(row.ours)} ${row.unit} | ${cell(row.floor)} ${row.unit} | ${row.ratio.toFixed(2)} | ${percent(row.oursCpu, row.floorCpu)} | ${percent(row.oursLoad, row.floorLoad)} |`,
  );
}

if (wanted("client")) {
  const out = execFileSync(process.execPath, [script("client-size.mjs")], {
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .at(-1);
  const size = JSON.parse(out);
  const figures = ({ entry, lazy }) =>
    `${entry.min} B min, ${entry.gzip} B gzip (lazy chunks: ${lazy.gzip} B gzip)`;
  console.log(
    `\nclient bundle, injected entry chunk: ${figures(size.bundled)} with Stimulus; ${figures(size.withoutStimulus)} without; budget ${size.budget} B gzip; as vite build bundles it into a page: ${figures(size.shipped)}`,
  );
}
if (wanted("hmr")) {
  const out = execFileSync(
    process.execPath,
    [script("hmr-latency.mjs"), "10"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  )
    .trim()
    .split("\n")
    .at(-1);
  const hmr = JSON.parse(out);
  console.log(
    `handler swap in vite dev (save -> new code answers): median ${hmr.median.toFixed(1)} ms over ${hmr.edits} edits (${hmr.min.toFixed(1)}–${hmr.max.toFixed(1)})`,
  );
}
if (wanted("static")) {
  // Its own script: it builds the playground and prints its tables.
  console.log(
    execFileSync(
      process.execPath,
      [script("static.mjs"), "--runs", String(runs)],
      {
        encoding: "utf8",
      },
    ).trim(),
  );
}
if (wanted("first-paint")) {
  // Its own script: it builds a page with three prerendered regions and prints its table.
  console.log(
    execFileSync(
      process.execPath,
      [script("first-paint.mjs"), "--runs", String(runs)],
      { encoding: "utf8" },
    ).trim(),
  );
}
if (wanted("realtime")) {
  // Its own script: publish per viewer against one frame, catch-up, presence.
  console.log(
    execFileSync(
      process.execPath,
      [
        script("realtime.mjs"),
        "--runs",
        String(runs),
        "--clients",
        clientCounts.join(","),
        "--broadcasts",
        broadcasts,
      ],
      { encoding: "utf8" },
    ).trim(),
  );
}
if (wanted("upload")) {
  // Its own script: 200 MB through curl, our protocol and Chromium; it prints its table.
  console.log(
    execFileSync(
      process.execPath,
      [script("upload.mjs"), "--runs", String(runs)],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    ).trim(),
  );
}
console.log(
  `\nbench took ${((performance.now() - benchStarted) / 60000).toFixed(1)} minutes`,
);
process.exit(0);
