import { join, relative } from "node:path";
import fg from "fast-glob";
import { defineConfig } from "vite";
import liveview from "./plugin/index.ts";

const root = join(import.meta.dirname, "playground");

/**
 * Every page of the playground, for `vite build` (which otherwise builds index.html only):
 * `{ "index": ".../index.html", "examples/comments/index": ... }`.
 */
function playgroundPages(): Record<string, string> {
  const files = fg.sync("**/*.html", {
    cwd: root,
    absolute: true,
    ignore: ["dist/**", "node_modules/**"],
  });
  return Object.fromEntries(
    files.map((file) => [relative(root, file).replace(/\.html$/, ""), file]),
  );
}

// `npm run dev` serves the playground with the plugin straight from source.
export default defineConfig({
  root,
  plugins: [liveview()],
  server: { port: 5173 },
  build: { rollupOptions: { input: playgroundPages() } },
});
