// The realtime model's costs, our server only (bench/servers/realtime.mjs pinned to core 0, the
// load generator on core 1, fresh processes per run, median of --runs runs with min-max):
// - publish: an event each of N pages renders for its own viewer (an eta template), against
//   sending one pre-rendered frame to the same topic, in the same run: time until the LAST
//   page has it;
// - catch-up: a page away while 100 frames went to its topic comes back with `?resume=`: time
//   from opening the socket to the last missed frame (also when it comes back to the other of
//   two processes, the history being in Redis Streams);
// - presence: 50 pages in an online list, one closes: time until every other page's list shows
//   it gone (one process, and two processes sharing presence through Redis).
// Usage: node bench/realtime.mjs [--runs N] [--clients 1000,5000] [--broadcasts N]
//   (needs `npm run build` first; redis-server on PATH)
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, startPinned } from "./lib/procs.mjs";
import { startRedis } from "./lib/redis.mjs";
import { spread } from "./lib/stats.mjs";

const { values } = parseArgs({
  options: {
    runs: { type: "string" },
    clients: { type: "string" },
    broadcasts: { type: "string" },
  },
});
const runs = Number(values.runs ?? 3);
const clientCounts = (values.clients ?? "1000,5000").split(",").map(Number);
const broadcasts = values.broadcasts ?? "50";
const here = import.meta.dirname;
const SERVER_CORE = 0;
const LOAD_CORE = cpus().length > 1 ? 1 : 0;

/** Fresh servers, one load generator, its JSON result. */
async function measure(count, redisUrl, load, args, env = {}) {
  const servers = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const server = startPinned(
      SERVER_CORE,
      join(here, "servers", "realtime.mjs"),
      [String(port), redisUrl ?? ""],
    );
    await server.started;
    servers.push({
      ...server,
      url: `ws://127.0.0.1:${port}/ws/liveview/bench/`,
    });
  }
  const generator = startPinned(
    LOAD_CORE,
    join(here, load),
    args(servers.map((server) => server.url)),
    { ready: null, env },
  );
  const result = await generator.result();
  await Promise.all(servers.map((server) => server.stop()));
  return result;
}

const rows = [];
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2));
const cell = (list) => {
  const s = spread(list);
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
};

for (const clients of clientCounts) {
  const results = { publish: [], broadcast: [] };
  for (let run = 0; run < runs; run++) {
    for (const kind of ["broadcast", "publish"])
      results[kind].push(
        await measure(
          1,
          undefined,
          "load/fanout.mjs",
          (urls) => [String(clients), broadcasts, ...urls],
          { FANOUT_FUNCTION: `bench_${kind}` },
        ),
      );
  }
  for (const p of ["p50", "p99"]) {
    const publish = results.publish.map((r) => r[p]);
    const plain = results.broadcast.map((r) => r[p]);
    rows.push([
      `publish, each page renders its own (eta), ${clients} pages: last page ${p}`,
      `${cell(publish)} ms`,
      `${cell(plain)} ms`,
      (spread(publish).median / spread(plain).median).toFixed(2),
    ]);
  }
}

const redis = await startRedis(SERVER_CORE);
for (const [label, count, redisUrl] of [
  ["1 process", 1, undefined],
  ["2 processes + Redis, back on the other", 2, redis.url],
]) {
  const results = [];
  for (let run = 0; run < runs; run++)
    results.push(
      await measure(count, redisUrl, "load/catchup.mjs", ([a, b]) => [
        a,
        "30",
        "100",
        b ?? a,
      ]),
    );
  for (const p of ["p50", "p99"])
    rows.push([
      `catch-up, 100 missed frames, ${label}: reconnect to last frame ${p}`,
      `${cell(results.map((r) => r[p]))} ms`,
      "",
      "",
    ]);
}
for (const [label, count, redisUrl] of [
  ["1 process", 1, undefined],
  ["2 processes + Redis", 2, redis.url],
]) {
  const results = [];
  for (let run = 0; run < runs; run++)
    results.push(
      await measure(count, redisUrl, "load/presence.mjs", (urls) => [
        "50",
        "20",
        ...urls,
      ]),
    );
  for (const p of ["p50", "p99"])
    rows.push([
      `presence, 50 pages, ${label}: tab closed to every list updated ${p}`,
      `${cell(results.map((r) => r[p]))} ms`,
      "",
      "",
    ]);
}
redis.stop();

console.log(
  `\nRealtime: ${cpus().length} cores (${cpus()[0].model}), Node ${process.version}, ${runs} runs each; server on core ${SERVER_CORE}, load generator on core ${LOAD_CORE}\n`,
);
console.log("| figure | ours | one pre-rendered frame to the topic | ratio |");
console.log("| --- | --- | --- | --- |");
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
process.exit(0);
