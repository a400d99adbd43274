import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Alias } from "vite";

const here = dirname(fileURLToPath(import.meta.url));

/** True when this plugin runs from its TypeScript sources (this repository), not from dist/. */
export const fromSource = fileURLToPath(import.meta.url).endsWith(".ts");

/** Resolves a file of this package: `.ts` from source, the compiled `.js` when installed. */
export function ownFile(relative: string): string {
  return join(here, fromSource ? relative : relative.replace(/\.ts$/, ".js"));
}

/**
 * From source, the package's own entry points are aliased to their .ts files, so the playground
 * and the tests use the code as written. Installed, Node resolves them through `exports`.
 */
export function sourceAliases(): Alias[] {
  if (!fromSource) return [];
  const root = join(here, "..");
  const entries: Record<string, string> = {
    "vite-plugin-liveview/server": "src/index.ts",
    "vite-plugin-liveview/client": "client/index.ts",
    "vite-plugin-liveview/testing": "src/testing/index.ts",
  };
  return Object.entries(entries).map(([find, file]) => ({
    find: new RegExp(`^${find.replace(/[/.-]/g, "\\$&")}$`),
    replacement: join(root, file),
  }));
}
