import WebSocket from "ws";

/** Opens count sockets spread over urls, a batch at a time (the accept backlog is finite). */
export async function openSockets(urls, count, onMessage = () => {}) {
  const sockets = [];
  const batch = 200;
  for (let start = 0; start < count; start += batch) {
    const opening = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const socket = new WebSocket(urls[i % urls.length], {
        perMessageDeflate: false,
      });
      socket.on("message", (data) => onMessage(i, data));
      sockets.push(socket);
      opening.push(
        new Promise((resolve, reject) =>
          socket.once("open", resolve).once("error", reject),
        ),
      );
    }
    await Promise.all(opening);
  }
  return sockets;
}

/** A say_hello call; BENCH_FUNCTION names another handler of the same shape. */
const FUNCTION = process.env.BENCH_FUNCTION ?? "say_hello";

export function request(id, name = "World") {
  return JSON.stringify({
    function: FUNCTION,
    data: {},
    form: { name },
    lang: "en",
    room: "bench",
    id,
  });
}
