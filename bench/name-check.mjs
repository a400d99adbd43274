// What the handler-name check costs `vite build` of the playground: whole builds with
// checkNames "error" and false, alternated (median and min-max of --runs each), and the check
// alone on the built bundle (reading every page and template, and importing the server bundle
// in a child process to list its handlers).
// Run: node bench/name-check.mjs [--runs 7]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createBuilder } from "vite";
import { spread } from "./lib/stats.mjs";

const { values } = parseArgs({ options: { runs: { type: "string" } } });
const runs = Number(values.runs ?? 7);
const repo = join(import.meta.dirname, "..");
const root = join(repo, "playground");
// Outside the playground, so no stale build there is taken for its pages.
const outDir = mkdtempSync(join(tmpdir(), "liveview-name-check-"));

execFileSync("npm", ["run", "build"], { cwd: repo, stdio: "ignore" });
const { default: liveview } = await import(join(repo, "dist/plugin/index.js"));
const { checkBuiltNames, createNameCheck } = await import(
  join(repo, "dist/plugin/name-check.js")
);

async function build(checkNames) {
  const builder = await createBuilder({
    root,
    configFile: false,
    logLevel: "error",
    plugins: [liveview({ checkNames })],
    build: { outDir },
  });
  const started = performance.now();
  await builder.buildApp();
  return performance.now() - started;
}

// One build of each first: the disk cache and the JIT are warm for both.
await build("error");
await build(false);
const withCheck = [];
const without = [];
for (let i = 0; i < runs; i++) {
  withCheck.push(await build("error"));
  without.push(await build(false));
}

const check = createNameCheck({
  root,
  outDir,
  publicDir: join(root, "public"),
  templates: join(root, "templates"),
});
const alone = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  await checkBuiltNames(check, join(outDir, "server"), "error");
  alone.push(performance.now() - started);
}

rmSync(outDir, { recursive: true, force: true });

const ms = (samples) => {
  const { median, min, max } = spread(samples);
  return `${median.toFixed(0)} ms (${min.toFixed(0)}-${max.toFixed(0)})`;
};
console.table([
  {
    "vite build of the playground": 'checkNames: "error"',
    time: ms(withCheck),
  },
  { "vite build of the playground": "checkNames: false", time: ms(without) },
  { "vite build of the playground": "the check alone", time: ms(alone) },
]);
