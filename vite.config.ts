import { join } from "node:path";
import { defineConfig } from "vite";
import liveview from "./plugin/index.ts";

// `npm run dev` serves the playground with the plugin straight from source; `vite build` builds
// every page of it (the plugin finds them).
export default defineConfig({
  root: join(import.meta.dirname, "playground"),
  plugins: [liveview()],
  server: { port: 5173 },
});
