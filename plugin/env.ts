import { loadEnv, type ResolvedConfig } from "vite";

/**
 * Handlers and the server entry run in Vite's process, so they see `.env`, `.env.local` and
 * `.env.<mode>` through process.env, every key (not only `VITE_` ones, which Vite exposes to
 * the browser). Variables already set in the environment win, as with Vite's own loading.
 */
export function loadServerEnv(config: ResolvedConfig): void {
  if (config.envDir === false) return;
  const values = loadEnv(config.mode, config.envDir, "");
  for (const [key, value] of Object.entries(values)) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}
