// One file over our upload protocol, as the browser client sends it (client/upload-stream.ts):
// announced with the call, then chunks as binary frames on the page's socket, about 50 ms worth
// of what the server stores in flight, in chunks of a quarter of that (64 KiB to 1000 KiB).
// Meanwhile a `ping` call every 50 ms on the same socket and on a second one: their round trips
// are how long a click waits during an upload.
// Usage: node load/upload.mjs <socket url> <file>
import { openSync, readSync, statSync } from "node:fs";
import WebSocket from "ws";

const [url, path] = process.argv.slice(2);
const size = statSync(path).size;
const MAX_CHUNK = 1000 * 1024;
const MIN_CHUNK = 64 * 1024;
const MAX_WINDOW = 16 * 1024 * 1024;

function open() {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

const [main, other] = await Promise.all([open(), open()]);
const pings = { same: [], other: [] };
let nextId = 100;
function pinger(socket, samples) {
  const sent = new Map();
  socket.on("message", (data, isBinary) => {
    if (isBinary) return;
    const frame = JSON.parse(String(data));
    if (frame.ack !== undefined && sent.has(frame.ack)) {
      samples.push(performance.now() - sent.get(frame.ack));
      sent.delete(frame.ack);
    }
  });
  return setInterval(() => {
    const id = nextId++;
    sent.set(id, performance.now());
    socket.send(JSON.stringify({ function: "ping", id }));
  }, 50);
}

const fd = openSync(path, "r");
let sent = 0;
let stored = 0;
let chunk = 2 * MIN_CHUNK;
let window = 4 * chunk;
let sampleAt = performance.now();
let sampleBytes = 0;
let ref;
const started = performance.now();
const done = new Promise((resolve, reject) => {
  main.on("message", (data, isBinary) => {
    if (isBinary) return;
    const frame = JSON.parse(String(data));
    if (frame.upload?.refs) {
      ref = frame.upload.refs.file[0];
      pump();
    } else if (frame.upload?.ref === ref) {
      sampleBytes += frame.upload.received - stored;
      stored = frame.upload.received;
      const now = performance.now();
      if (now - sampleAt >= 50) {
        const perMs = sampleBytes / (now - sampleAt);
        window = Math.min(MAX_WINDOW, Math.max(2 * MIN_CHUNK, perMs * 50));
        chunk = Math.min(
          MAX_CHUNK,
          Math.max(MIN_CHUNK, Math.floor(window / 4)),
        );
        sampleAt = now;
        sampleBytes = 0;
      }
      pump();
    } else if (frame.ack === 1) resolve(performance.now() - started);
    else if (frame.error) reject(new Error(frame.error));
  });
});
function pump() {
  while (sent < size && sent - stored < window) {
    const length = Math.min(chunk, size - sent);
    const buffer = Buffer.allocUnsafe(5 + length);
    buffer[0] = 0;
    buffer.writeUInt32BE(ref, 1);
    readSync(fd, buffer, 5, length, sent);
    main.send(buffer);
    sent += length;
  }
}

const timers = [pinger(main, pings.same), pinger(other, pings.other)];
main.send(
  JSON.stringify({
    function: "receive_file",
    id: 1,
    uploads: {
      file: [{ name: "big.bin", type: "application/octet-stream", size }],
    },
  }),
);
const ms = await done;
timers.forEach(clearInterval);
main.close();
other.close();
const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: sorted[Math.floor(sorted.length / 2)] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    count: sorted.length,
  };
};
const usage = process.cpuUsage();
console.log(
  JSON.stringify({
    seconds: ms / 1000,
    mbPerSecond: size / 1e6 / (ms / 1000),
    same: stats(pings.same),
    other: stats(pings.other),
    loadCpu: (usage.user + usage.system) / 1e6 / process.uptime(),
  }),
);
process.exit(0);
