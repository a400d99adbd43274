#!/usr/bin/env node
// `liveview serve`: the production server on the output of `vite build`.
import { runCli } from "../src/cli/index.ts";
import { createConsoleLogger } from "../src/logger.ts";

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    // Through the logger, so a failed start is a JSON line too with LIVEVIEW_LOG_FORMAT=json.
    createConsoleLogger().error(
      `liveview: ${error instanceof Error ? error.message : String(error)}`,
    );
    // Handler files may hold timers or connections open: a server that failed to start exits.
    process.exit(1);
  },
);
