// Hostile clients. Usage: node bench/load/attack.mjs <url> <kind> [seconds]
//   shape:     frames of 88,000 form keys (about 1 MiB), 5 per second
//   names:     100 frames calling a function whose name is <size> characters (size = arg 3)
//   lang:      200 frames with a 1 MB `lang`, then 20,000 frames with distinct valid tags
//   reconnect: for <seconds>, open a socket, send 200 frames, close, again; counts acks
import WebSocket from "ws";

const [url, kind, arg = "10"] = process.argv.slice(2);
const open = () =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once("open", () => resolve(socket)).once("error", reject);
  });
const frame = (fields) =>
  JSON.stringify({ function: "say_hello", data: {}, form: {}, ...fields });
const settle = () => new Promise((done) => setTimeout(done, 200));

if (kind === "shape") {
  const form = {};
  for (let i = 0; i < 88_000; i++) form[`k${i}`] = "v";
  const text = frame({ form });
  const socket = await open();
  socket.on("close", () => process.exit(0));
  setInterval(() => socket.readyState === 1 && socket.send(text), 200);
} else if (kind === "names") {
  const socket = await open();
  const name = "x\u001b[31m\u0000".padEnd(Number(arg), "A");
  for (let id = 1; id <= 100; id++) socket.send(frame({ function: name, id }));
  await settle();
  console.log(JSON.stringify({ sent: 100 }));
  process.exit(0);
} else if (kind === "normal") {
  const sockets = await Promise.all(Array.from({ length: 20 }, open));
  for (let i = 0; i < 20_000; i++)
    sockets[i % 20].send(frame({ lang: "en", id: i }));
  await settle();
  console.log(JSON.stringify({ sent: 20_000 }));
  process.exit(0);
} else if (kind === "lang") {
  const sockets = await Promise.all(Array.from({ length: 20 }, open));
  const huge = "e".repeat(1_000_000);
  for (let id = 1; id <= 200; id++)
    sockets[id % 20].send(frame({ lang: huge, id }));
  for (let i = 0; i < 20_000; i++)
    sockets[i % 20].send(frame({ lang: `x-${i.toString(36)}`, id: i }));
  await settle();
  console.log(JSON.stringify({ sent: 20_200 }));
  process.exit(0);
} else if (kind === "reconnect") {
  const end = Date.now() + Number(arg) * 1000;
  let connections = 0;
  let acks = 0;
  while (Date.now() < end) {
    const socket = await open().catch(() => undefined);
    if (!socket) continue;
    connections += 1;
    socket.on("message", (data) => String(data).includes('"ack"') && acks++);
    for (let id = 1; id <= 200; id++) socket.send(frame({ id }));
    await new Promise((done) => {
      socket.once("close", done);
      setTimeout(() => socket.close(), 50);
    });
  }
  console.log(
    JSON.stringify({ connections, acksPerSecond: acks / Number(arg) }),
  );
  process.exit(0);
}
