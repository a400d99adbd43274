#!/usr/bin/env node
// `liveview serve`: the production server on the output of `vite build`.
import { runCli } from "../src/cli/index.ts";

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
