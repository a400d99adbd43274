/**
 * How many test files run at once. The browser setup starts one playground server per worker,
 * and files find theirs by Vitest's VITEST_POOL_ID (1 to this number).
 */
export const TEST_WORKERS = 2;

/** The line a playground server prints once it listens (test/setup/playground.config.ts). */
export const playgroundListening = (port: number): string =>
  `playground listening on ${port}`;

/** Finds that line, with the port. */
export const PLAYGROUND_LISTENING = /^playground listening on (\d+)$/m;
