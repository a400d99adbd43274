// A well-behaved page: one call at a time, <perSecond> calls per second (within the default
// rate limit), for <count> calls; prints the round trip p50/p99 and how many were refused.
// Usage: node bench/load/paced.mjs <url> <count> <perSecond>
import { openSockets, request } from "./connect.mjs";
import { summarize } from "../lib/stats.mjs";

const [url, count, perSecond] = process.argv
  .slice(2)
  .map((v, i) => (i ? Number(v) : v));
let settle;
let refused = 0;
const [socket] = await openSockets([url], 1, (_i, data) => {
  const text = String(data);
  if (text.includes('"ack"')) settle();
  else if (text.includes('"code"')) {
    refused += 1;
    settle();
  }
});
const samples = [];
const gap = 1000 / perSecond;
for (let id = 1; id <= count; id++) {
  const started = performance.now();
  const answered = new Promise((resolve) => (settle = resolve));
  socket.send(request(id));
  await answered;
  samples.push(performance.now() - started);
  const wait = gap - (performance.now() - started);
  if (wait > 0) await new Promise((done) => setTimeout(done, wait));
}
socket.close();
const { p50, p99 } = summarize(samples);
console.log(JSON.stringify({ p50, p99, refused }));
process.exit(0);
