// Time from saving a handler file to the new code answering on an already open socket, in
// `vite dev`. Usage: npm run build && node bench/hmr-latency.mjs [edits=10]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createServer } from "vite";
import WebSocket from "ws";

const repo = join(import.meta.dirname, "..");
const dist = (file) => join(repo, "dist", file);
const { default: liveview } = await import(dist("plugin/index.js"));
const edits = Number(process.argv[2] ?? 10);

const handler = (
  version,
) => `import { liveviewHandler, send } from "vite-plugin-liveview/server";
liveviewHandler("version", (consumer) => send(consumer, { html: "${version}" }));
`;

const root = mkdtempSync(join(tmpdir(), "liveview-hmr-"));
mkdirSync(join(root, "liveview_components"));
const file = join(root, "liveview_components", "version.ts");
writeFileSync(file, handler("v0"));
writeFileSync(
  join(root, "index.html"),
  "<!doctype html><html><body></body></html>",
);

const server = await createServer({
  root,
  configFile: false,
  logLevel: "silent",
  plugins: [liveview()],
  resolve: {
    alias: [
      {
        find: /^vite-plugin-liveview\/server$/,
        replacement: dist("src/index.js"),
      },
    ],
  },
  server: { port: 0, host: "127.0.0.1" },
});
await server.listen();
const port = server.httpServer.address().port;
const socket = new WebSocket(`ws://127.0.0.1:${port}/ws/liveview/bench/`);
await new Promise((resolve, reject) =>
  socket.once("open", resolve).once("error", reject),
);

let id = 0;
const pending = new Map();
socket.on("message", (data) => {
  const frame = JSON.parse(data.toString());
  if (frame.html !== undefined) pending.get("html")?.(frame.html);
});
function ask() {
  return new Promise((resolve) => {
    pending.set("html", resolve);
    socket.send(
      JSON.stringify({ function: "version", data: {}, form: {}, id: ++id }),
    );
  });
}

await ask();
const samples = [];
for (let i = 1; i <= edits; i++) {
  const version = `v${i}`;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = performance.now();
  writeFileSync(file, handler(version));
  while ((await ask()) !== version)
    await new Promise((resolve) => setTimeout(resolve, 1));
  samples.push(performance.now() - started);
}
socket.close();
await server.close();
rmSync(root, { recursive: true, force: true });

samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
console.log(
  JSON.stringify({ median, min: samples[0], max: samples.at(-1), edits }),
);
console.error(
  `handler swap: median ${median.toFixed(1)} ms over ${edits} edits (min ${samples[0].toFixed(1)}, max ${samples.at(-1).toFixed(1)})`,
);
