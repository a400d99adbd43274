import { defineConfig } from "vitest/config";
import { TEST_WORKERS } from "./test/setup/workers.ts";

/**
 * Files that start Vite dev servers, builds or `liveview serve`: each runs in a fresh process,
 * because the plugin's registry is process-wide (as Django LiveView's API implies). A new file
 * of that kind belongs here; the rest share their workers, which saves starting one per file.
 */
const PROCESS_PER_FILE = [
  "test/plugin-*.test.ts",
  "test/serve-*.test.ts",
  "test/server-entry*.test.ts",
  "test/scale-out.test.ts",
  "test/package-install.test.ts",
  "test/original-client.test.ts",
  "test/prerender-modes.test.ts",
  "test/broadcast-redis.test.ts",
];

// Tests run without the playground config: each test builds the servers it needs, except the
// browser files, which share one Chromium and a playground dev server per worker
// (test/setup/browser.ts).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two files at once: most tests wait on sockets, browsers and child processes more than they
    // compute, so a second file fills the idle core.
    maxWorkers: TEST_WORKERS,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [
            "**/node_modules/**",
            "test/browser/**",
            ...PROCESS_PER_FILE,
          ],
          isolate: false,
          globalSetup: ["test/setup/package.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "node",
          include: PROCESS_PER_FILE,
          globalSetup: ["test/setup/package.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          isolate: false,
          globalSetup: ["test/setup/package.ts", "test/setup/browser.ts"],
        },
      },
    ],
  },
});
