// The realtime server under test: every page joins the topic "feed" when it connects.
// bench_publish publishes an event each page renders for itself (an eta template naming its
// viewer); bench_broadcast sends one pre-rendered frame to the same pages; bench_burst sends N
// frames to the topic (for catch-up); bench_present tracks the page in the presence list.
// Usage: node bench/servers/realtime.mjs <port> [redis-url]
import { createServer } from "node:http";
import { join } from "node:path";

const dist = join(import.meta.dirname, "..", "..", "dist", "src", "index.js");
const {
  createLiveViewServer,
  join: joinTopic,
  liveviewEvent,
  liveviewHandler,
  onConnect,
  publish,
  renderToString,
  send,
  sendToRoom,
  trackPresence,
} = await import(dist);
const [port, redis] = process.argv.slice(2);
const TOPIC = "feed";

onConnect((consumer) => joinTopic(consumer, TOPIC));

liveviewEvent("tick", async (consumer, { payload, author }) => {
  const html = await renderToString("tick", {
    viewer: consumer.id,
    mine: author === consumer.id,
    payload,
  });
  send(consumer, { target: "#ticker", html, append: true });
});
liveviewHandler("bench_publish", (consumer, content) =>
  publish(TOPIC, "tick", {
    payload: content.data.payload,
    author: consumer.id,
  }),
);
liveviewHandler("bench_broadcast", (_consumer, content) =>
  sendToRoom(TOPIC, {
    target: "#ticker",
    html: `<li class="tick">${content.data.payload}</li>`,
    append: true,
  }),
);
liveviewHandler("bench_burst", async (_consumer, content) => {
  const count = Number(content.data.count);
  for (let seq = 0; seq < count; seq++)
    await sendToRoom(TOPIC, {
      target: "#ticker",
      html: `<li>#miss${seq}|</li>`,
      append: true,
    });
});
liveviewEvent("presence", (consumer, diff) => {
  send(consumer, {
    target: "#online",
    html: diff.list.map((entry) => `<li>${entry.key}</li>`).join(""),
  });
});
liveviewHandler("bench_present", (consumer, content) =>
  trackPresence(consumer, TOPIC, { name: content.data.name }),
);

const logger = {
  debug() {},
  info() {},
  warn: console.warn,
  error: console.error,
};
const http = createServer((_request, response) => response.end());
const liveview = createLiveViewServer({
  logger,
  rateLimit: false,
  addressLimit: false,
  templates: join(import.meta.dirname, "..", "templates"),
  redis: redis || undefined,
});
liveview.attach(http, { exclusive: true });
http.listen(Number(port), "127.0.0.1", () => console.log("READY"));
process.on("SIGINT", () => process.exit(0));
