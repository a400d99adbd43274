// The floor: a plain `ws` server answering with the same bytes our server sends, doing nothing
// else (no parsing, no dispatch). Usage: node bench/servers/floor.mjs <port> [redis-url]
import { createServer } from "node:http";
import { Redis } from "ioredis";
import { WebSocketServer } from "ws";

const [port, redis] = process.argv.slice(2);
const reply = Buffer.from(
  JSON.stringify({ target: "#greeting", html: "<h2>Hello, World!</h2>" }),
);
const http = createServer((_request, response) => response.end());
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
const sockets = new Set();

function fanOut(payload) {
  for (const socket of sockets) socket.send(payload, { binary: false });
}

let publisher;
if (redis) {
  publisher = new Redis(redis);
  const subscriber = new Redis(redis);
  await subscriber.subscribe("floor");
  subscriber.on("messageBuffer", (_channel, payload) => fanOut(payload));
}

wss.on("connection", (socket, request) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
  socket.on("message", (data) => {
    // A broadcast trigger carries "bench_broadcast"; a byte test, not a parse, keeps the floor low.
    if (data.includes("bench_broadcast")) {
      const payload = Buffer.from(
        JSON.stringify({
          target: "#ticker",
          html: JSON.parse(data).data.payload,
          append: true,
        }),
      );
      if (publisher) void publisher.publish("floor", payload);
      else fanOut(payload);
      return;
    }
    // Both frames in one write, as our server coalesces them: the floor must not be slower
    // than what any ws server can do.
    const raw = request.socket;
    raw.cork();
    socket.send(reply, { binary: false });
    const id = /"id":(\d+)/.exec(data)?.[1];
    socket.send(`{"ack":${id}}`);
    raw.uncork();
  });
});
http.listen(Number(port), "127.0.0.1", () => console.log("READY"));
// Exit cleanly on SIGINT so `node --cpu-prof` can write its profile.
process.on("SIGINT", () => process.exit(0));
