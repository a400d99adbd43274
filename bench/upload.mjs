// Uploads: one file of 200 MB (random bytes) over loopback, four ways in the same run:
// - curl posting it (`-T`, streamed) to a plain Node HTTP server that writes it to disk: the floor;
// - a Node client speaking our upload protocol to `liveview serve` (bench/load/upload.mjs), with a
//   `ping` call every 50 ms on the same socket and on another one during the upload;
// - Chromium posting it with fetch() to the plain server: the HTTP way, from a browser;
// - Chromium with the real client on a built page: the file chosen with setInputFiles, the time
//   from the click to the handler's answer, and one click of a ping button during the upload.
// Servers on core 0, curl and the Node client on core 1 (Chromium is not pinned). For each, MB/s
// and the server's resident memory growth (peak during the upload minus before it) for the first
// and the second upload of a fresh server, median of --runs runs with min-max.
// Usage: node bench/upload.mjs [--runs N] [--mb 200]   (needs `npm run build` first)
import { execFile } from "node:child_process";
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { chromium } from "playwright-core";
import { createBuilder } from "vite";
import liveview from "../dist/plugin/index.js";
import { freePort, rssBytes, startPinned } from "./lib/procs.mjs";
import { spread } from "./lib/stats.mjs";

const { values } = parseArgs({
  options: { runs: { type: "string" }, mb: { type: "string" } },
});
const runs = Number(values.runs ?? 3);
const megabytes = Number(values.mb ?? 200);
const here = import.meta.dirname;
const repo = join(here, "..");
const SERVER_CORE = 0;
const LOAD_CORE = cpus().length > 1 ? 1 : 0;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const run = promisify(execFile);

const HANDLER = `import { liveviewHandler, send } from "vite-plugin-liveview/server";

liveviewHandler(
  "receive_file",
  { uploads: { file: { maxBytes: 1_000_000_000 } } },
  (consumer, { uploads }) => {
    send(consumer, { target: "#done", html: String(uploads.file[0]?.size ?? 0) });
  },
);
liveviewHandler("ping", (consumer) => send(consumer, { target: "#pong", html: "pong" }));
`;
const PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Upload bench</title></head>
  <body data-controller="page">
    <form data-liveview-function="receive_file" data-action="submit->page#run">
      <input id="file" type="file" name="file" data-liveview-upload />
      <progress data-liveview-upload-progress="file"></progress>
      <button type="submit">Upload</button>
    </form>
    <button id="ping" data-liveview-function="ping" data-action="click->page#run">Ping</button>
    <p id="done"></p><p id="pong"></p>
  </body>
</html>
`;

const work = mkdtempSync(join(tmpdir(), "bench-upload-"));
const app = join(work, "app");
const file = join(work, "big.bin");
const received = join(work, "received");
mkdirSync(received);
mkdirSync(join(app, "liveview_components"), { recursive: true });
// The app's packages: this repository's, and the repository itself as vite-plugin-liveview (its
// compiled dist/), which the server bundle imports.
mkdirSync(join(app, "node_modules"));
for (const name of readdirSync(join(repo, "node_modules")))
  symlinkSync(
    join(repo, "node_modules", name),
    join(app, "node_modules", name),
  );
symlinkSync(repo, join(app, "node_modules", "vite-plugin-liveview"), "dir");
writeFileSync(join(app, "liveview_components", "bench.ts"), HANDLER);
writeFileSync(join(app, "index.html"), PAGE);

async function writeRandomFile() {
  const out = createWriteStream(file);
  for (let left = megabytes * 1e6; left > 0; left -= 1 << 20) {
    const chunk = randomBytes(Math.min(1 << 20, left));
    if (!out.write(chunk)) await new Promise((done) => out.once("drain", done));
  }
  await new Promise((done) => out.end(done));
}

/** Samples a server's resident memory until stopped; returns the peak minus the first sample. */
function watchMemory(server) {
  const baseline = rssBytes(server.pid);
  let peak = baseline;
  let gone = false;
  const sample = () => {
    try {
      peak = Math.max(peak, rssBytes(server.pid));
    } catch {
      gone = true;
    }
  };
  const timer = setInterval(sample, 10);
  return () => {
    clearInterval(timer);
    sample();
    if (gone) throw new Error(`the server exited:\n${server.output()}`);
    return (peak - baseline) / 1e6;
  };
}

/**
 * Two uploads on one fresh server: the first shows what a server that never took an upload
 * grows by, the second what one that did grows by (memory freed after the first is reused).
 */
async function twice(server, upload) {
  const runs = [];
  for (const turn of ["cold", "warm"]) {
    const growth = watchMemory(server);
    const result = await upload();
    runs.push({ ...result, rss: growth(), turn });
  }
  await server.stop();
  return runs;
}

async function floor() {
  const port = await freePort();
  const server = startPinned(
    SERVER_CORE,
    join(here, "servers", "upload-floor.mjs"),
    [String(port), received],
  );
  await server.started;
  const result = await twice(server, async () => {
    const started = performance.now();
    const { stdout } = await run("taskset", [
      "-c",
      String(LOAD_CORE),
      "curl",
      "-s",
      "-X",
      "POST",
      "-H",
      "Expect:",
      "-T",
      file,
      `http://127.0.0.1:${port}/`,
    ]);
    const seconds = (performance.now() - started) / 1000;
    if (Number(stdout) !== megabytes * 1e6)
      throw new Error(`floor wrote ${stdout}`);
    rmSync(received, { recursive: true, force: true });
    mkdirSync(received);
    return { mbPerSecond: megabytes / seconds };
  });
  return result;
}

async function serve() {
  const port = await freePort();
  const server = startPinned(
    SERVER_CORE,
    join(repo, "dist", "bin", "liveview.js"),
    ["serve", "--dist", join(app, "dist"), "--port", String(port)],
    {
      ready: /Serving /,
      env: { LIVEVIEW_LOG_LEVEL: "info", LIVEVIEW_SECRET: "" },
      cwd: app,
    },
  );
  await server.started;
  return { port, server };
}

async function nodeClient() {
  const { port, server } = await serve();
  return twice(server, () =>
    startPinned(
      LOAD_CORE,
      join(here, "load", "upload.mjs"),
      [`ws://127.0.0.1:${port}/ws/liveview/bench/`, file],
      { ready: null },
    ).result(),
  );
}

/** The HTTP alternative from the browser: fetch() posting the file to the plain server. */
async function browserHttp(browser) {
  const port = await freePort();
  const server = startPinned(
    SERVER_CORE,
    join(here, "servers", "upload-floor.mjs"),
    [String(port), received],
  );
  await server.started;
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.setContent('<input id="file" type="file">');
  const result = await twice(server, async () => {
    await page.setInputFiles("#file", file);
    const { ms, text } = await page.evaluate(async () => {
      const started = performance.now();
      const body = document.getElementById("file").files[0];
      const response = await fetch("/", { method: "POST", body });
      const text = await response.text();
      return { ms: performance.now() - started, text };
    });
    if (Number(text) !== megabytes * 1e6)
      throw new Error(`floor wrote ${text}`);
    rmSync(received, { recursive: true, force: true });
    mkdirSync(received);
    return { mbPerSecond: megabytes / (ms / 1000) };
  });
  await page.close();
  return result;
}

async function browserClient(browser) {
  const { port, server } = await serve();
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const result = await twice(server, async () => {
    await page.setInputFiles("#file", file);
    // In the page: the click, a ping once the first bytes are stored, the handler's answer.
    const { ms, pingMs } = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const started = performance.now();
          let pingAt;
          let pingMs;
          const progress = ({ detail }) => {
            if (pingAt !== undefined || detail.loaded === 0) return;
            pingAt = performance.now();
            document.getElementById("ping").click();
          };
          const answered = ({ detail }) => {
            if (detail.element?.id === "ping")
              return void (pingMs = performance.now() - pingAt);
            document.removeEventListener("liveview:upload-progress", progress);
            document.removeEventListener("liveview:ack", answered);
            resolve({ ms: performance.now() - started, pingMs });
          };
          document.addEventListener("liveview:upload-progress", progress);
          document.addEventListener("liveview:ack", answered);
          document.querySelector("button[type=submit]").click();
        }),
    );
    const done = await page.textContent("#done");
    if (Number(done) !== megabytes * 1e6)
      throw new Error(`the handler saw ${done}`);
    await page.evaluate(
      () => (document.getElementById("done").textContent = ""),
    );
    return { mbPerSecond: megabytes / (ms / 1000), pingMs };
  });
  await page.close();
  return result;
}

const results = { floor: [], node: [], browserHttp: [], browser: [] };
let browser;
try {
  await writeRandomFile();
  // Built in this process with the compiled plugin, as the tests build their apps (the vite CLI
  // loads a config file once per environment, and each load would stamp its own build id).
  const builder = await createBuilder({
    root: app,
    configFile: false,
    logLevel: "warn",
    plugins: [
      // The transport at full speed: no pace per address (128 MiB/s by default).
      liveview({
        roomSecret: false,
        uploads: { dir: join(work, "uploads"), bytesPerSecond: false },
      }),
    ],
  });
  await builder.buildApp();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  for (let i = 0; i < runs; i++) {
    results.floor.push(await floor());
    results.node.push(await nodeClient());
    results.browserHttp.push(await browserHttp(browser));
    results.browser.push(await browserClient(browser));
  }
} finally {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
}

if (process.env.BENCH_RAW) console.log(JSON.stringify(results, null, 1));
const fmt = (list, pick, digits = 0) => {
  const s = spread(list.map(pick));
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
};
const turn = (kind, name) =>
  results[kind].flat().filter((r) => r.turn === name);
const all = (kind) => results[kind].flat();
console.log(
  `\nupload of one ${megabytes} MB file on loopback; ${runs} fresh servers each, two uploads per server (median, min–max)\n`,
);
console.log(
  "| sender -> server | MB/s | server RSS growth, 1st upload, MB | 2nd upload, MB | a click during the upload, ms |",
);
console.log("| --- | --- | --- | --- | --- |");
const row = (label, kind, click) =>
  console.log(
    `| ${label} | ${fmt(all(kind), (r) => r.mbPerSecond)} | ${fmt(turn(kind, "cold"), (r) => r.rss, 1)} | ${fmt(turn(kind, "warm"), (r) => r.rss, 1)} | ${click} |`,
  );
row("curl -T -> plain Node HTTP server writing to disk", "floor", "");
row(
  "Node client, our protocol -> liveview serve",
  "node",
  `same socket p50 ${fmt(all("node"), (r) => r.same.p50, 1)}, max ${fmt(all("node"), (r) => r.same.max, 1)}; another socket p50 ${fmt(all("node"), (r) => r.other.p50, 1)}, max ${fmt(all("node"), (r) => r.other.max, 1)}`,
);
row(
  "Chromium, fetch() POST -> plain Node HTTP server writing to disk",
  "browserHttp",
  "",
);
row(
  "Chromium, the real client -> liveview serve",
  "browser",
  fmt(all("browser"), (r) => r.pingMs, 1),
);
const ratio = (kind) =>
  spread(all(kind).map((r) => r.mbPerSecond)).median /
  spread(all("floor").map((r) => r.mbPerSecond)).median;
console.log(
  `\nours / floor, MB/s: Node client ${ratio("node").toFixed(2)}, Chromium ${ratio("browser").toFixed(2)}; ` +
    `Chromium over HTTP ${ratio("browserHttp").toFixed(2)}; Node client CPU ${fmt(all("node"), (r) => r.loadCpu * 100)}% of its core`,
);
process.exit(0);
