// Size of the browser client as a page downloads it: minified and gzipped, once with everything
// bundled (what the injected script costs a page with no Stimulus of its own) and once with
// @hotwired/stimulus external (a page that already ships Stimulus). Each build is split into the
// entry chunk (with any chunk it imports statically: what a page downloads before the client
// runs) and the lazy chunks (dynamic imports, fetched only when a feature needs them), each chunk
// gzipped on its own as a server sends it.
//
// The first rows are library builds of client/index.ts. In library mode Vite leaves whitespace
// and module comments in ES output (to keep pure annotations for the library's users), so they
// read larger than what a page gets. The "as a page gets it" rows are the injected module as
// `vite build` bundles it into a page (whitespace minified, with Vite's preload helper once the
// client has a dynamic import): what a browser downloads, and what the budget (SPEC 13) is for.
// Run: node bench/client-size.mjs
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const entry = fileURLToPath(new URL("../client/index.ts", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

/** 24 KB gzip with Stimulus and idiomorph, for the injected (entry) chunk. */
const BUDGET_GZIP = 24_000;

/** What the plugin injects into every page (plugin/virtual.ts), importing the client source. */
const INJECTED_ID = "\0liveview-injected-client";
const injected = {
  name: "injected-client",
  resolveId: (id) => (id === INJECTED_ID ? id : undefined),
  load: (id) =>
    id === INJECTED_ID
      ? `import { startLiveView } from ${JSON.stringify(entry)};\nstartLiveView();`
      : undefined,
};

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

/** Splits a build's chunks into what a page loads up front and what it loads lazily. */
function split(chunks) {
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

async function measure({ external = [], shipped = false }) {
  const result = await build({
    configFile: false,
    root,
    logLevel: "warn",
    plugins: shipped ? [injected] : [],
    build: {
      write: false,
      minify: true,
      lib: shipped ? false : { entry, formats: ["es"], fileName: "client" },
      rolldownOptions: {
        external,
        ...(shipped
          ? { input: INJECTED_ID }
          : // Code a lazy chunk shares with the entry stays in the entry, as in an app build.
            { preserveEntrySignatures: "allow-extension" }),
      },
    },
  });
  return split(
    (Array.isArray(result) ? result : [result])
      .flatMap((r) => r.output)
      .filter((chunk) => chunk.type === "chunk"),
  );
}

const bundled = await measure({});
const withoutStimulus = await measure({ external: ["@hotwired/stimulus"] });
const shipped = await measure({ shipped: true });
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
  row(
    "as a page gets it (vite build)",
    "injected (entry chunk)",
    shipped.entry,
  ),
  row("as a page gets it (vite build)", "lazy chunks", shipped.lazy),
]);
const left = BUDGET_GZIP - shipped.entry.gzip;
console.log(
  `budget: the injected entry chunk as a page gets it, ${shipped.entry.gzip} of ${BUDGET_GZIP} B gzip (${left < 0 ? `${-left} B over` : `${left} B left`})`,
);
// For bench/run.mjs: the same figures as one JSON line.
console.log(
  JSON.stringify({ budget: BUDGET_GZIP, bundled, withoutStimulus, shipped }),
);
