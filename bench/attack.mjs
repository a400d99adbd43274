// Hostile clients against the core with its default limits, one at a time (issue figures):
// a well-behaved client's round trip while an attacker sends costly frames, log bytes for 100
// hostile frames, RSS after floods of languages and of reconnects. Server on core 0, clients on
// core 1. Usage: node bench/attack.mjs   (after npm run build)
import { join } from "node:path";
import { freePort, rssBytes, startPinned } from "./lib/procs.mjs";

const here = import.meta.dirname;
const SERVER_CORE = 0;
const LOAD_CORE = 1;
const IDLE_MS = 20_000;
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function startServer() {
  const port = await freePort();
  const server = startPinned(
    SERVER_CORE,
    join(here, "servers", "hardened.mjs"),
    [String(port)],
    // BENCH_NODE_ARGS="--max-semi-space-size=4" measures the server with V8 flags of its own.
    {
      nodeArgs: [
        "--expose-gc",
        ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
      ],
    },
  );
  await server.started;
  return { server, url: `ws://127.0.0.1:${port}/ws/liveview/bench/` };
}

async function run(script, args) {
  const child = startPinned(LOAD_CORE, join(here, "load", script), args, {
    ready: null,
  });
  await child.exited;
  return JSON.parse(child.output().trim().split("\n").pop());
}

// 1. Round trip of a well-behaved page (40 calls/s), alone and beside an attacker.
{
  const { server, url } = await startServer();
  const idle = await run("paced.mjs", [url, "400", "40"]);
  const attacker = startPinned(
    LOAD_CORE,
    join(here, "load", "attack.mjs"),
    [url, "shape"],
    {
      ready: null,
    },
  );
  const attacked = await run("paced.mjs", [url, "400", "40"]);
  attacker.child.kill("SIGKILL");
  console.log(
    `round trip, idle: p50 ${idle.p50.toFixed(3)} ms, p99 ${idle.p99.toFixed(3)} ms; ` +
      `beside 88,000-key frames at 5/s: p50 ${attacked.p50.toFixed(3)} ms, p99 ${attacked.p99.toFixed(3)} ms ` +
      `(${(attacked.p99 / idle.p99).toFixed(2)}x; ${attacked.refused} of the page's calls refused)`,
  );
  server.child.kill("SIGINT");
  await server.exited;
}

// 2. Log bytes for 100 frames calling unknown functions with long, hostile names.
for (const size of [10_000, 1_000_000]) {
  const { server, url } = await startServer();
  const before = server.output().length;
  await run("attack.mjs", [url, "names", String(size)]);
  console.log(
    `log for 100 unknown-function frames with ${size.toLocaleString("en")}-character names: ` +
      `${(server.output().length - before).toLocaleString("en")} bytes`,
  );
  server.child.kill("SIGINT");
  await server.exited;
}

/** The server's memory figures after a full collection (its SIGUSR2 handler). */
async function memory(server) {
  const from = server.output().length;
  server.child.kill("SIGUSR2");
  while (!/MEM \{.*\}\n/.test(server.output().slice(from)))
    await new Promise((resolve) => setTimeout(resolve, 20));
  return JSON.parse(/MEM (\{.*\})/.exec(server.output().slice(from))[1]);
}

/**
 * The server's memory once the flood is over: the flooder has gone, but the server reads what
 * it sent at the budget's pace (sockets over their byte budget are paused, not buffered), so
 * this waits until its last socket closed, then collects.
 */
async function settled(server) {
  const started = Date.now();
  let figures = await memory(server);
  while (figures.sockets > 0 && Date.now() - started < 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    figures = await memory(server);
  }
  const waited = ((Date.now() - started) / 1000).toFixed(0);
  const now = `${mb(figures.rss)} (heap in use ${mb(figures.heapUsed)}, ${waited} s after)`;
  // V8 gives back the young generation a flood grew once the process has been idle for a while
  // (its memory reducer starts after 8 s): what an idle server keeps is the figure that lasts.
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idle = await memory(server);
  return `${now}, ${mb(idle.rss)} after ${IDLE_MS / 1000} s idle`;
}

// 3. RSS after the language flood and after the reconnect flood: right after each, and settled.
{
  const { server, url } = await startServer();
  const start = await settled(server);
  await run("attack.mjs", [url, "lang"]);
  const afterLang = rssBytes(server.pid);
  const langSettled = await settled(server);
  const flood = await run("attack.mjs", [url, "reconnect", "10"]);
  const afterReconnect = rssBytes(server.pid);
  const reconnectSettled = await settled(server);
  console.log(
    `RSS at start ${start}; ` +
      `after 200 1 MB langs and 20,000 distinct ones ${mb(afterLang)}, settled ${langSettled}; ` +
      `after 10 s of reconnects ${mb(afterReconnect)}, settled ${reconnectSettled} ` +
      `(${flood.connections} connections, ${Math.round(flood.acksPerSecond)} accepted msgs/s)`,
  );
  server.child.kill("SIGINT");
  await server.exited;
}
process.exit(0);
