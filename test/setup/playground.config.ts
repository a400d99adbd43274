/**
 * The playground as the browser tests see it, served by `vite --config` in a child process of its
 * own (test/setup/browser.ts starts one per test worker). A process each, because the plugin's
 * registry is process-wide, as Django LiveView's API implies: two dev servers of one app in one
 * process would share one server entry. The setup passes what differs through the environment.
 */
import { join } from "node:path";
import { defineConfig, type Plugin } from "vite";
import liveview from "../../plugin/index.ts";
import { TEST_SECRET } from "../helpers/rooms.ts";
import { clientAlias } from "./client-bundle.ts";
import { playgroundListening } from "./workers.ts";

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set (test/setup/browser.ts sets it)`);
  return value;
}

/** Prints the PLAYGROUND_LISTENING line test/setup/browser.ts waits for. */
const reportPort: Plugin = {
  name: "liveview-test:report-port",
  configureServer(server) {
    server.httpServer?.once("listening", () => {
      const address = server.httpServer?.address();
      if (typeof address === "object" && address)
        console.log(playgroundListening(address.port));
    });
  },
};

export default defineConfig({
  root: join(import.meta.dirname, "..", "..", "playground"),
  cacheDir: required("LIVEVIEW_TEST_CACHE_DIR"),
  logLevel: "warn",
  clearScreen: false,
  plugins: [
    liveview({
      roomSecret: TEST_SECRET,
      uploads: { dir: required("LIVEVIEW_TEST_UPLOADS") },
    }),
    clientAlias(required("LIVEVIEW_TEST_CLIENT_BUNDLE")),
    reportPort,
  ],
  server: { port: 0, host: "127.0.0.1" },
});
