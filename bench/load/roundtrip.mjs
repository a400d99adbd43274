// One connection, requests one after another: round-trip latency of a say_hello-style call.
// Usage: node load/roundtrip.mjs <url> <requests>
import { openSockets, request } from "./connect.mjs";

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
// Long enough for both processes to be past their first second: with 500 warm-up calls and
// 5,000 measured (a quarter of a second), the slowest 1% were start-up pauses (JIT, the first
// GCs) at the same moments whichever server answered, the floor included.
const warmup = 10_000;
let resolveAck;
const [socket] = await openSockets([url], 1, (_i, data) => {
  if (data.includes('"ack"')) resolveAck();
});
const samples = [];
for (let id = 1; id <= warmup + count; id++) {
  const acked = new Promise((resolve) => (resolveAck = resolve));
  const started = process.hrtime.bigint();
  socket.send(request(id));
  await acked;
  if (id > warmup)
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
}
socket.close();
samples.sort((a, b) => a - b);
const at = (p) =>
  samples[
    Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)
  ];
const usage = process.cpuUsage();
// The generator's own CPU share: near 100% means it, not the server, set the pace.
const loadCpu = (usage.user + usage.system) / 1e6 / process.uptime();
console.log(
  JSON.stringify({ loadCpu, p50: at(50), p99: at(99), count: samples.length }),
);
process.exit(0);
