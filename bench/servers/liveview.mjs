// The server under test: our core (the compiled package) with two say_hello handlers (the
// minimal one, and the README's: async, rendering an eta template), and a broadcast trigger. Usage: node bench/servers/liveview.mjs <port> [redis-url]; BENCH_METRICS=1
// turns metrics on and scrapes them every BENCH_SCRAPE_MS (default 1000: Prometheus' usual
// 15 s, only more often; 0 never).
import { createServer } from "node:http";
import { join } from "node:path";

const dist = join(import.meta.dirname, "..", "..", "dist", "src", "index.js");
const {
  createLiveViewServer,
  liveviewHandler,
  renderToString,
  send,
  broadcast,
} = await import(dist);
const [port, redis] = process.argv.slice(2);

liveviewHandler("say_hello", (consumer, content) => {
  const name = String(content.form.name ?? "World").replace(/[&<>"']/g, "");
  send(consumer, { target: "#greeting", html: `<h2>Hello, ${name}!</h2>` });
});
// What the README shows a user: await the template, then send.
liveviewHandler("say_hello_template", async (consumer, content) => {
  const html = await renderToString("hello", {
    name: content.form.name ?? "World",
  });
  send(consumer, { target: "#greeting", html });
});
liveviewHandler("bench_broadcast", (_consumer, content) => {
  void broadcast({
    target: "#ticker",
    html: content.data.payload,
    append: true,
  });
});

const logger = {
  debug() {},
  info() {},
  warn: console.warn,
  error: console.error,
};
const http = createServer((_request, response) => response.end());
const metrics = process.env.BENCH_METRICS === "1";
const liveview = createLiveViewServer({
  logger,
  // Every load generator connects from 127.0.0.1: the per-address budget would pace it.
  rateLimit: false,
  addressLimit: false,
  redis: redis || undefined,
  templates: join(import.meta.dirname, "..", "templates"),
  metrics,
});
const scrapeMs = Number(process.env.BENCH_SCRAPE_MS ?? 1000);
if (metrics && scrapeMs > 0)
  setInterval(() => void liveview.metrics.scrape(), scrapeMs).unref();
liveview.attach(http, { exclusive: true });
http.listen(Number(port), "127.0.0.1", () => console.log("READY"));
// Exit cleanly on SIGINT so `node --cpu-prof` can write its profile.
process.on("SIGINT", () => process.exit(0));
