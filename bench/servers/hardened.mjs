// The server under attack: our core with its default limits (only room signing is off, so the
// load generators can name a room), a say_hello handler, and its log on stdout.
// Usage: node bench/servers/hardened.mjs <port>
import { createServer } from "node:http";
import { join } from "node:path";

const dist = join(import.meta.dirname, "..", "..", "dist", "src", "index.js");
const { createLiveViewServer, liveviewHandler, send, t } = await import(dist);
const [port] = process.argv.slice(2);

liveviewHandler("say_hello", (consumer, content) => {
  const name = String(content.form.name ?? "World").replace(/[&<>"']/g, "");
  send(consumer, {
    target: "#greeting",
    html: `<h2>${t("Hello")}, ${name}!</h2>`,
  });
});

const http = createServer((_request, response) => response.end());
const liveview = createLiveViewServer({ roomSecret: false, heartbeatMs: 0 });
liveview.attach(http, { exclusive: true });
http.listen(Number(port), "127.0.0.1", () => console.log("READY"));
process.on("SIGINT", () => process.exit(0));
// The bench asks for memory figures after a collection (node --expose-gc): what is still held,
// as opposed to garbage a busy process has not collected yet.
process.on("SIGUSR2", () => {
  globalThis.gc?.();
  const { rss, heapTotal, heapUsed, external, arrayBuffers } =
    process.memoryUsage();
  console.log(
    `MEM ${JSON.stringify({ rss, heapTotal, heapUsed, external, arrayBuffers, sockets: liveview.clientCount })}`,
  );
});
