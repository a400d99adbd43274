/**
 * Compiles this package once per run into a folder of its own (what `npm pack` would ship), so
 * tests that run `liveview serve` or install the package never touch the repository's dist/.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

const repo = join(import.meta.dirname, "..", "..");

const BUILT = Symbol.for("vite-plugin-liveview.test-package");

export default function setup(project: TestProject): () => void {
  // Both projects of a run use one build (global setups run in the same main process).
  const holder = globalThis as { [BUILT]?: string };
  const built = holder[BUILT];
  if (built) {
    project.provide("packageDir", built);
    return () => {};
  }
  // Inside node_modules, so the compiled code resolves the package's dependencies.
  const cache = join(repo, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, "liveview-package-"));
  execFileSync(
    process.execPath,
    [
      join(repo, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      join(repo, "tsconfig.build.json"),
      "--outDir",
      join(dir, "dist"),
    ],
    { stdio: "inherit" },
  );
  for (const file of ["package.json", "README.md"]) {
    copyFileSync(join(repo, file), join(dir, file));
  }
  holder[BUILT] = dir;
  project.provide("packageDir", dir);
  return () => {
    delete holder[BUILT];
    rmSync(dir, { recursive: true, force: true });
  };
}
