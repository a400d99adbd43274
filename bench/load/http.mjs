// Closed-loop HTTP load: <connections> keep-alive connections each send the next GET as soon as
// the previous answer ended, for <seconds>; prints {requests, perSecond, p50, p99, errors}.
// Usage: node bench/load/http.mjs <url> <connections> <seconds> [header:value ...]
import { Agent, request } from "node:http";
import { summarize } from "../lib/stats.mjs";

const [url, connections = "50", seconds = "5", ...rawHeaders] =
  process.argv.slice(2);
const headers = Object.fromEntries(
  rawHeaders.map((pair) => {
    const at = pair.indexOf(":");
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);
const agent = new Agent({ keepAlive: true, maxSockets: Number(connections) });
const latencies = [];
let errors = 0;
const deadline = performance.now() + Number(seconds) * 1000;

function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    request(url, { agent, headers }, (response) => {
      response.on("data", () => {});
      response.on("end", () => {
        if (response.statusCode >= 400) errors += 1;
        latencies.push(performance.now() - started);
        resolve();
      });
    })
      .on("error", () => {
        errors += 1;
        resolve();
      })
      .end();
  });
}

async function loop() {
  while (performance.now() < deadline) await once();
}

const begun = performance.now();
await Promise.all(Array.from({ length: Number(connections) }, loop));
const elapsed = (performance.now() - begun) / 1000;
const { p50, p99 } = summarize(latencies);
console.log(
  JSON.stringify({
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50,
    p99,
    errors,
  }),
);
agent.destroy();
