import { relative, resolve } from "node:path";
import fg from "fast-glob";
import type { UserConfig } from "vite";

/**
 * Every HTML page under the root, as a build input: `{ "index": "/app/index.html",
 * "about/index": "/app/about/index.html" }`. Vite alone builds index.html only, and a page
 * missing from the build is a 404 in production that nobody saw in dev.
 */
export function findPages(userConfig: UserConfig): Record<string, string> {
  const root = resolve(userConfig.root ?? process.cwd());
  const files = listPages(
    root,
    userConfig.build?.outDir ?? "dist",
    userConfig.publicDir ?? "public",
  );
  return Object.fromEntries(
    files.map((file) => [relative(root, file).replace(/\.html$/, ""), file]),
  );
}

/**
 * The absolute paths of the HTML pages under `root`, sorted, minus `node_modules`, the out dir
 * and the public dir (folders relative to the root or absolute; `false`: no public dir).
 */
export function listPages(
  root: string,
  outDir: string,
  publicDir: string | false,
): string[] {
  const ignore = ["**/node_modules/**", `${toGlob(root, outDir)}/**`];
  if (publicDir) ignore.push(`${toGlob(root, publicDir)}/**`);
  return fg.sync("**/*.html", { cwd: root, absolute: true, ignore }).sort();
}

/** A folder option (relative to the root or absolute) as a glob relative to the root. */
function toGlob(root: string, folder: string): string {
  return fg.escapePath(relative(root, resolve(root, folder)));
}

/** True when the project chose its own inputs (Vite's multi-page recipe). */
export function hasOwnInput(userConfig: UserConfig): boolean {
  const build = userConfig.build;
  return (
    build?.rolldownOptions?.input !== undefined ||
    build?.rollupOptions?.input !== undefined
  );
}
