// The static floor: a plain Node HTTP server with sirv on the same folder, nothing else.
// Usage: node bench/servers/sirv.mjs <port> <dir>
import { createServer } from "node:http";
import sirv from "sirv";

const [port, dir] = process.argv.slice(2);
const files = sirv(dir, {
  dev: false,
  etag: true,
  gzip: true,
  brotli: true,
  extensions: ["html"],
  single: true,
});
createServer((request, response) => files(request, response)).listen(
  Number(port),
  "127.0.0.1",
  () => console.log("READY"),
);
process.on("SIGINT", () => process.exit(0));
