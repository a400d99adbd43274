// The floor: a plain `ws` server doing the least a server of named handlers can: it parses the
// message, looks the function up, escapes the name into the same HTML our handlers send, and
// writes that frame and the ack together, holding a socket's writes until the event loop's
// poll is over as our server does. Usage: node bench/servers/floor.mjs <port> [redis-url]
import { createServer } from "node:http";
import { Redis } from "ioredis";
import { WebSocketServer } from "ws";

const [port, redis] = process.argv.slice(2);
const ESCAPES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
};
const escape = (text) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
const hello = (message) =>
  JSON.stringify({
    target: "#greeting",
    html: `<h2>Hello, ${escape(String(message.form?.name ?? "World"))}!</h2>`,
  });
const handlers = new Map([
  ["say_hello", hello],
  ["say_hello_template", hello],
]);
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
    const message = JSON.parse(data);
    const reply = handlers.get(message.function)?.(message);
    // Written together once this turn of the event loop is over, as our server does: the
    // floor must not be slower than what any ws server can do.
    const raw = request.socket;
    if (!raw.writableCorked) {
      raw.cork();
      setImmediate(() => raw.uncork());
    }
    if (reply) socket.send(reply);
    socket.send(`{"ack":${JSON.stringify(message.id)}}`);
  });
});
http.listen(Number(port), "127.0.0.1", () => console.log("READY"));
// Exit cleanly on SIGINT so `node --cpu-prof` can write its profile.
process.on("SIGINT", () => process.exit(0));
