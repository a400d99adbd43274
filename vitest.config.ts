import { defineConfig } from "vitest/config";

// Tests run without the playground config: each test builds the servers it needs.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vite dev servers and child processes are heavy on a 2-core machine.
    fileParallelism: false,
  },
});
