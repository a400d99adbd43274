/**
 * How many test files run at once. The browser setup starts one playground server per worker,
 * and files find theirs by Vitest's VITEST_POOL_ID (1 to this number).
 */
export const TEST_WORKERS = 2;
