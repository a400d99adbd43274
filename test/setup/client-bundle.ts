/**
 * The browser client bundled into one module (and its lazy upload chunk) for the browser tests'
 * playground dev server. An installed package's client reaches the browser pre-bundled by Vite's
 * dependency optimizer; from this repository's sources it would arrive as some 35 modules on
 * every page load, which was most of a page's load time in those tests.
 */
import { join } from "node:path";
import { build, type Plugin } from "vite";

const CLIENT_SOURCE = join(
  import.meta.dirname,
  "..",
  "..",
  "client",
  "index.ts",
);

/** Builds the bundle into `outDir`, for clientAlias(outDir) to point the client's import at. */
export async function buildClientBundle(outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: "warn",
    build: {
      lib: { entry: CLIENT_SOURCE, formats: ["es"], fileName: "client" },
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
    },
  });
}

/** A plugin that points the client's import at the bundle buildClientBundle left in `outDir`. */
export function clientAlias(outDir: string): Plugin {
  const entry = join(outDir, "client.js");
  return {
    name: "liveview-test:bundled-client",
    // A later plugin's aliases come first, so this one wins over the plugin's alias to client/.
    config: () => ({
      resolve: {
        alias: [{ find: /^vite-plugin-liveview\/client$/, replacement: entry }],
      },
    }),
  };
}
