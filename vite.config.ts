import { defineConfig } from "vite";
import liveview from "./plugin/index.ts";

// `npm run dev` serves the playground with the plugin straight from source.
export default defineConfig({
  root: "playground",
  plugins: [liveview()],
  server: { port: 5173 },
});
