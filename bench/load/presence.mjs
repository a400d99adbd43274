// Presence leave time: <members> pages spread over the servers are all in the online list;
// one closes, and the figure is the time until every other page's list shows it gone. The
// page then comes back, so each round starts from a full list.
// Usage: node load/presence.mjs <members> <rounds> <url> [url2]
import WebSocket from "ws";
import { summarize } from "../lib/stats.mjs";

const [membersText, roundsText, ...urls] = process.argv.slice(2);
const members = Number(membersText);
const rounds = Number(roundsText);

const sizes = new Array(members).fill(0);
let check = () => {};

function openMember(i) {
  const socket = new WebSocket(urls[i % urls.length], {
    perMessageDeflate: false,
  });
  socket.on("message", (data) => {
    const frame = JSON.parse(String(data));
    if (frame.target !== "#online") return;
    sizes[i] = frame.html.split("<li>").length - 1;
    check();
  });
  return new Promise((resolve, reject) =>
    socket
      .once("open", () => {
        socket.send(
          JSON.stringify({
            function: "bench_present",
            data: { name: `m${i}` },
          }),
        );
        resolve(socket);
      })
      .once("error", reject),
  );
}

/** Resolves once every page but `except` sees `size` entries. */
function everyoneSees(size, except = -1) {
  return new Promise((resolve) => {
    check = () => {
      for (let i = 0; i < members; i++)
        if (i !== except && sizes[i] !== size) return;
      check = () => {};
      resolve(process.hrtime.bigint());
    };
    check();
  });
}

const sockets = [];
for (let i = 0; i < members; i++) sockets.push(await openMember(i));
await everyoneSees(members);

const samples = [];
for (let round = 0; round < rounds + 2; round++) {
  const leaving = round % members;
  const gone = everyoneSees(members - 1, leaving);
  const started = process.hrtime.bigint();
  sockets[leaving].close();
  const ended = await gone;
  if (round >= 2) samples.push(Number(ended - started) / 1e6);
  sizes[leaving] = 0;
  const full = everyoneSees(members);
  sockets[leaving] = await openMember(leaving);
  await full;
}
const usage = process.cpuUsage();
console.log(
  JSON.stringify({
    loadCpu: (usage.user + usage.system) / 1e6 / process.uptime(),
    ...summarize(samples),
  }),
);
process.exit(0);
