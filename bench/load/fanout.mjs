// Broadcast fan-out: clients spread over one or two servers; a control client triggers each
// broadcast on the first server; the figure is the time until the LAST client has it.
// Usage: node load/fanout.mjs <clients> <broadcasts> <url> [url2]
// FANOUT_FUNCTION names the handler that sends it (default bench_broadcast).
import { openSockets } from "./connect.mjs";

const [clientsText, broadcastsText, ...urls] = process.argv.slice(2);
const clients = Number(clientsText);
const broadcasts = Number(broadcastsText);
const payloadPadding = "x".repeat(80);
let expected = -1;
let received = 0;
let done;
await openSockets(urls, clients, (_i, data) => {
  // The sequence number sits in the payload: `#<n>|`.
  const at = data.indexOf("#seq");
  if (at === -1) return;
  const seq = Number(data.toString("latin1", at + 4, data.indexOf("|", at)));
  if (seq !== expected) return;
  if (++received === clients) done(process.hrtime.bigint());
});
const [control] = await openSockets([urls[0]], 1);
const samples = [];
for (let seq = 0; seq < broadcasts + 3; seq++) {
  expected = seq;
  received = 0;
  const finished = new Promise((resolve) => (done = resolve));
  const started = process.hrtime.bigint();
  control.send(
    JSON.stringify({
      function: process.env.FANOUT_FUNCTION ?? "bench_broadcast",
      data: { payload: `<p>#seq${seq}|${payloadPadding}</p>` },
      form: {},
      id: seq,
    }),
  );
  const ended = await Promise.race([
    finished,
    new Promise((resolve) => setTimeout(() => resolve(null), 10_000)),
  ]);
  if (ended === null)
    throw new Error(
      `broadcast ${seq} reached ${received} of ${clients} clients within 10 s`,
    );
  if (seq >= 3) samples.push(Number(ended - started) / 1e6);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
samples.sort((a, b) => a - b);
const at = (p) =>
  samples[
    Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)
  ];
const usage = process.cpuUsage();
// The generator's own CPU share: near 100% means it, not the server, set the pace.
const loadCpu = (usage.user + usage.system) / 1e6 / process.uptime();
console.log(
  JSON.stringify({
    loadCpu,
    p50: at(50),
    p99: at(99),
    count: samples.length,
    ...(process.env.FANOUT_SAMPLES
      ? { tail: samples.slice(-8).map((v) => +v.toFixed(1)) }
      : {}),
  }),
);
process.exit(0);
