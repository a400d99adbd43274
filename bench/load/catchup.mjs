// Catch-up after a reconnect: a page that keeps its place (like our client) leaves, <missed>
// frames are sent to its topic while it is away, and it comes back with `?resume=`; the figure
// is the time from opening the new socket to the last missed frame, checked to arrive once
// each and in order. With a second URL the page comes back to that server (another process
// sharing the history through Redis). Usage: node load/catchup.mjs <url> <rounds> <missed> [url2]
import WebSocket from "ws";
import { summarize } from "../lib/stats.mjs";

const [url, roundsText, missedText, backUrl = url] = process.argv.slice(2);
const rounds = Number(roundsText);
const missed = Number(missedText);

function open(address, onFrame) {
  const socket = new WebSocket(address, { perMessageDeflate: false });
  socket.on("message", (data) => onFrame(JSON.parse(String(data))));
  return new Promise((resolve, reject) =>
    socket.once("open", () => resolve(socket)).once("error", reject),
  );
}

const places = {};
function keepPlace(frame) {
  if (typeof frame.t === "string" && typeof frame.p === "string")
    places[frame.t] = frame.p;
}

let acked;
const control = await open(url, (frame) => {
  if ("ack" in frame) acked?.();
});
const samples = [];
for (let round = 0; round < rounds + 2; round++) {
  // The page is in its topic (it joins on connect) and knows its place there.
  let placed;
  const known = new Promise((resolve) => (placed = resolve));
  const page = await open(`${url}?resume=`, (frame) => {
    keepPlace(frame);
    if (frame.t === "feed") placed();
  });
  await known;
  page.close();
  await new Promise((resolve) => page.once("close", resolve));

  const done = new Promise((resolve) => (acked = resolve));
  control.send(
    JSON.stringify({
      function: "bench_burst",
      data: { count: String(missed) },
      id: round,
    }),
  );
  await done;

  let next = 0;
  let finished;
  const caughtUp = new Promise((resolve) => (finished = resolve));
  const started = process.hrtime.bigint();
  const back = await open(
    `${backUrl}?resume=${encodeURIComponent(JSON.stringify(places))}`,
    (frame) => {
      keepPlace(frame);
      const html = frame.f?.html;
      if (typeof html !== "string" || !html.includes("#miss")) return;
      const seq = Number(
        html.slice(html.indexOf("#miss") + 5, html.indexOf("|")),
      );
      if (seq !== next)
        throw new Error(`missed frame ${seq} arrived where ${next} was due`);
      if (++next === missed) finished(process.hrtime.bigint());
    },
  );
  const ended = await caughtUp;
  if (round >= 2) samples.push(Number(ended - started) / 1e6);
  back.close();
  await new Promise((resolve) => back.once("close", resolve));
}
const usage = process.cpuUsage();
console.log(
  JSON.stringify({
    loadCpu: (usage.user + usage.system) / 1e6 / process.uptime(),
    ...summarize(samples),
  }),
);
process.exit(0);
