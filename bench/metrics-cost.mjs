// What metrics cost per message, measured in one process without sockets (so without the noise
// of a shared machine's scheduling): the same synchronous say_hello-style call through
// dispatch() alone (as before metrics and tracing existed), through observeDispatch() with
// metrics off (one no-op span from @opentelemetry/api), and with metrics on.
// Usage: npm run build && node bench/metrics-cost.mjs [calls per round, default 1000000]
import { join } from "node:path";

const dist = join(import.meta.dirname, "..", "dist", "src");
const load = (file) => import(join(dist, file));
const { dispatch } = await load("dispatch.js");
const { observeDispatch } = await load("observer.js");
const { createRegistry } = await load("registry.js");
const { createMetrics } = await load("metrics.js");
const { createClientLog } = await load("client-log.js");
const { createDeadlines } = await load("deadlines.js");
const { getRuntime } = await load("runtime.js");
const { send } = await load("index.js");

const calls = Number(process.argv[2] ?? 1_000_000);
const registry = createRegistry();
registry.register("say_hello")((consumer, content) => {
  send(consumer, {
    target: "#greeting",
    html: `<h2>Hello, ${content.form.name}!</h2>`,
  });
});
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const deps = {
  registry,
  services: { ...getRuntime().fallback, logger: silent },
  clientLog: createClientLog(silent),
  deadlines: createDeadlines(30_000),
  timeoutMs: 30_000,
  dev: false,
  onHandlerError: undefined,
};
const { observer, metrics } = createMetrics({
  connections: () => 1,
  bufferedBytes: () => 0,
  redisUp: () => undefined,
  handlerNames: () => registry.listFunctions(),
});
await metrics.registry;
const withMetrics = { ...deps, observer };
let sent = 0;
const consumer = {
  id: "bench",
  room: "bench",
  scope: {
    headers: {},
    cookies: {},
    path: "/",
    query: {},
    address: "127.0.0.1",
  },
  closed: false,
  sendJson: () => void (sent += 1),
};
const message = {
  function: "say_hello",
  form: { name: "World" },
  data: {},
  lang: "en",
  room: "bench",
  url: "/",
  id: 1,
};

const ways = {
  "dispatch() alone": () => dispatch(consumer, message, deps),
  "observeDispatch(), metrics off": () =>
    observeDispatch(consumer, message, deps),
  "observeDispatch(), metrics on": () =>
    observeDispatch(consumer, message, withMetrics),
};
const results = Object.fromEntries(Object.keys(ways).map((way) => [way, []]));
// Rounds alternate, so a neighbour's burst of CPU use hits every way alike.
for (let round = 0; round < 7; round++) {
  for (const [way, run] of Object.entries(ways)) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) run();
    results[way].push(Number(process.hrtime.bigint() - started) / calls);
  }
}
deps.deadlines.stop();
console.log(`ns per call, median of 7 rounds of ${calls} (min-max):`);
for (const [way, samples] of Object.entries(results)) {
  samples.sort((a, b) => a - b);
  console.log(
    `  ${way}: ${samples[3].toFixed(0)} (${samples[0].toFixed(0)}-${samples[6].toFixed(0)})`,
  );
}
if (sent === 0) throw new Error("the handler never ran");
process.exit(0);
