// Static serving: `liveview serve` against a plain sirv server on the same built playground, in
// one run. Requests/s and latency for a hashed asset and for index.html (as built, and with a
// signed room per load), 50 keep-alive connections, server pinned to core 0 and the load to core
// 1; then RSS after 200k distinct missing URLs, and the time of a 2,000-segment URL.
// Usage: node bench/static.mjs [--runs N] [--seconds S]   (needs `npm run build` first)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, rssBytes, startPinned } from "./lib/procs.mjs";
import { spread } from "./lib/stats.mjs";

const { values } = parseArgs({
  options: { runs: { type: "string" }, seconds: { type: "string" } },
});
const runs = Number(values.runs ?? 3);
const seconds = values.seconds ?? "5";
const here = import.meta.dirname;
const repo = join(here, "..");
const SERVER_CORE = 0;
const LOAD_CORE = cpus().length > 1 ? 1 : 0;

// The playground, built from source into a temporary folder.
// Inside the repository, so the built server bundle resolves its dependencies.
const out = mkdtempSync(join(repo, "node_modules", ".cache", "bench-static-"));
execFileSync(
  process.execPath,
  [
    join(repo, "node_modules", "vite", "bin", "vite.js"),
    "build",
    "--outDir",
    out,
  ],
  { cwd: repo, stdio: "ignore" },
);
const asset = `/assets/${readdirSync(join(out, "client", "assets")).find((f) => f.endsWith(".js") && !f.endsWith(".br") && !f.endsWith(".gz"))}`;

async function serveOurs(env = {}) {
  const port = await freePort();
  const server = startPinned(
    SERVER_CORE,
    join(repo, "dist", "bin", "liveview.js"),
    ["serve", "--dist", out, "--port", String(port), "--host", "127.0.0.1"],
    {
      ready: /Serving /,
      env: { LIVEVIEW_LOG_LEVEL: "info", ...env },
      cwd: join(repo, "playground"),
    },
  );
  await server.started;
  return { port, server };
}

async function serveSirv() {
  const port = await freePort();
  const server = startPinned(SERVER_CORE, join(here, "servers", "sirv.mjs"), [
    String(port),
    join(out, "client"),
  ]);
  await server.started;
  return { port, server };
}

async function load(port, path, headers) {
  const generator = startPinned(
    LOAD_CORE,
    join(here, "load", "http.mjs"),
    [`http://127.0.0.1:${port}${path}`, "50", seconds, ...headers],
    { ready: null },
  );
  await generator.exited;
  return JSON.parse(generator.output().trim().split("\n").pop());
}

const cases = [
  ["hashed asset (br)", asset, ["accept-encoding:gzip, deflate, br"]],
  [
    "index.html",
    "/",
    ["accept:text/html", "accept-encoding:gzip, deflate, br"],
  ],
];
const servers = {
  "liveview serve": () => serveOurs({ LIVEVIEW_SECRET: "" }),
  "liveview serve, signed rooms": () =>
    serveOurs({ LIVEVIEW_SECRET: "bench-secret" }),
  "sirv floor": serveSirv,
};
const results = {};
for (let run = 0; run < runs; run++) {
  for (const [name, start] of Object.entries(servers)) {
    const { port, server } = await start();
    for (const [label, path, headers] of cases) {
      if (name.includes("signed") && label !== "index.html") continue;
      const result = await load(port, path, headers);
      (results[`${label} | ${name}`] ??= []).push(result);
    }
    server.child.kill("SIGINT");
    await server.exited;
  }
}

console.log(
  "\n| request | server | requests/s | p50 ms | p99 ms |\n| --- | --- | --- | --- | --- |",
);
for (const [key, samples] of Object.entries(results)) {
  const [label, name] = key.split(" | ");
  const rate = spread(samples.map((s) => s.perSecond));
  const p50 = spread(samples.map((s) => s.p50));
  const p99 = spread(samples.map((s) => s.p99));
  console.log(
    `| ${label} | ${name} | ${Math.round(rate.median)} (${Math.round(rate.min)}-${Math.round(rate.max)}) | ${p50.median.toFixed(2)} | ${p99.median.toFixed(2)} |`,
  );
}

// Memory after 200k distinct missing URLs, then after 200k more: a server that remembers what
// it was asked keeps growing, one that does not levels off.
async function flood(port, from) {
  const run = startPinned(
    LOAD_CORE,
    join(here, "load", "missing.mjs"),
    [String(port), String(from), "200000"],
    { ready: null },
  );
  await run.exited;
}
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
for (const [name, start] of [
  ["liveview serve", () => serveOurs({ LIVEVIEW_SECRET: "" })],
  ["sirv floor", serveSirv],
]) {
  const { port, server } = await start();
  const deep = `http://127.0.0.1:${port}${"/x".repeat(2000)}`;
  const times = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    await fetch(deep, { headers: { accept: "text/html" } }).then((r) =>
      r.arrayBuffer(),
    );
    if (i > 0) times.push(performance.now() - started); // the first one opens the connection
  }
  const before = rssBytes(server.pid);
  await flood(port, 0);
  const first = rssBytes(server.pid);
  await flood(port, 200000);
  const second = rssBytes(server.pid);
  console.log(
    `${name}: RSS ${mb(before)} -> ${mb(first)} after 200k missing URLs -> ${mb(second)} after 200k more; ` +
      `a 2,000-segment URL in ${spread(times).median.toFixed(1)} ms (median of 5)`,
  );
  server.child.kill("SIGINT");
  await server.exited;
}
rmSync(out, { recursive: true, force: true });
