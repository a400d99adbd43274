import { defineConfig } from "vitest/config";

// Tests run without the playground config: each test builds the servers it needs, except the
// browser files, which share one playground dev server and one Chromium (test/setup/browser.ts).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vite dev servers and child processes are heavy on a 2-core machine.
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["**/node_modules/**", "test/browser/**"],
          globalSetup: ["test/setup/package.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          globalSetup: ["test/setup/package.ts", "test/setup/browser.ts"],
        },
      },
    ],
  },
});
