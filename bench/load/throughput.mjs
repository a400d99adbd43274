// Closed loop: each connection sends its next request when the previous one is acked.
// Usage: node load/throughput.mjs <url> <connections> <seconds>
import { openSockets, request } from "./connect.mjs";

const [url, connectionsText, secondsText] = process.argv.slice(2);
const connections = Number(connectionsText);
const seconds = Number(secondsText);
let counting = false;
let acked = 0;
let nextId = 1;
let stopped = false;
const sockets = await openSockets([url], connections, (i, data) => {
  if (!data.includes('"ack"')) return;
  if (counting) acked++;
  if (!stopped) sockets[i].send(request(nextId++));
});
for (const socket of sockets) socket.send(request(nextId++));
await new Promise((resolve) => setTimeout(resolve, 1000));
counting = true;
const started = process.hrtime.bigint();
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
counting = false;
stopped = true;
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
for (const socket of sockets) socket.terminate();
const usage = process.cpuUsage();
// The generator's own CPU share: near 100% means it, not the server, set the pace.
const loadCpu = (usage.user + usage.system) / 1e6 / process.uptime();
console.log(
  JSON.stringify({
    loadCpu,
    messagesPerSecond: acked / elapsed,
    acked,
    seconds: elapsed,
  }),
);
process.exit(0);
