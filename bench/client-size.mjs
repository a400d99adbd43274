// Size of the browser client as a page downloads it: minified and gzipped, once with everything
// bundled (what the injected script costs a page with no Stimulus of its own) and once with
// @hotwired/stimulus external (a page that already ships Stimulus).
// Run: node bench/client-size.mjs
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const entry = fileURLToPath(new URL("../client/index.ts", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

async function measure(label, external) {
  const result = await build({
    configFile: false,
    root,
    logLevel: "warn",
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ["es"], fileName: "client" },
      rolldownOptions: { external },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap(
    (r) => r.output,
  );
  const code = outputs
    .filter((chunk) => chunk.type === "chunk")
    .map((chunk) => chunk.code)
    .join("\n");
  const min = Buffer.byteLength(code);
  const gzip = gzipSync(code, { level: 9 }).length;
  return { bundle: label, "min (bytes)": min, "gzip (bytes)": gzip };
}

const rows = [
  await measure("everything bundled", []),
  await measure("@hotwired/stimulus external", ["@hotwired/stimulus"]),
];
console.table(rows);
// For bench/run.mjs: the same figures as one JSON line.
console.log(
  JSON.stringify({
    bundled: { min: rows[0]["min (bytes)"], gzip: rows[0]["gzip (bytes)"] },
    withoutStimulus: {
      min: rows[1]["min (bytes)"],
      gzip: rows[1]["gzip (bytes)"],
    },
  }),
);
