// Size of the browser client as a page downloads it: minified and gzipped, once with everything
// bundled (what the injected script costs a page with no Stimulus of its own) and once with
// @hotwired/stimulus external (a page that already ships Stimulus). Each build is split into the
// entry chunk (with any chunk it imports statically: what a page downloads before the client
// runs) and the lazy chunks (dynamic imports, fetched only when a feature needs them). The
// budget (SPEC 13) applies to the entry chunk of the bundled build.
// Run: node bench/client-size.mjs (test/client/size.test.ts checks the budget)
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const entry = fileURLToPath(new URL("../client/index.ts", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

/** 24 KB gzip with Stimulus and idiomorph, for the injected (entry) chunk. */
const BUDGET_GZIP = 24_000;

/** Minified and gzipped bytes of `chunks`, each gzipped on its own as a server sends it. */
function sizeOf(chunks) {
  return {
    chunks: chunks.length,
    min: chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.code), 0),
    gzip: chunks.reduce(
      (sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length,
      0,
    ),
  };
}

async function measure(external) {
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
  const chunks = (Array.isArray(result) ? result : [result])
    .flatMap((r) => r.output)
    .filter((chunk) => chunk.type === "chunk");
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  // The entry and, transitively, its static imports (externals are not ours to count).
  const upFront = new Set(
    chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName),
  );
  for (const name of upFront)
    for (const imported of byName.get(name).imports)
      if (byName.has(imported)) upFront.add(imported);
  return {
    entry: sizeOf(chunks.filter((chunk) => upFront.has(chunk.fileName))),
    lazy: sizeOf(chunks.filter((chunk) => !upFront.has(chunk.fileName))),
  };
}

const bundled = await measure([]);
const withoutStimulus = await measure(["@hotwired/stimulus"]);
const row = (bundle, part, size) => ({
  bundle,
  part,
  chunks: size.chunks,
  "min (bytes)": size.min,
  "gzip (bytes)": size.gzip,
});
console.table([
  row("everything bundled", "injected (entry chunk)", bundled.entry),
  row("everything bundled", "lazy chunks", bundled.lazy),
  row(
    "@hotwired/stimulus external",
    "injected (entry chunk)",
    withoutStimulus.entry,
  ),
  row("@hotwired/stimulus external", "lazy chunks", withoutStimulus.lazy),
]);
const over = bundled.entry.gzip > BUDGET_GZIP;
console.log(
  `budget: entry chunk ${bundled.entry.gzip} of ${BUDGET_GZIP} B gzip (${over ? "over" : `${BUDGET_GZIP - bundled.entry.gzip} B left`})`,
);
// For bench/run.mjs and the budget test: the same figures as one JSON line.
console.log(JSON.stringify({ budget: BUDGET_GZIP, bundled, withoutStimulus }));
