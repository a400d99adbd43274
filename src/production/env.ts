import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/** The files `vite preview` reads in production mode, later ones winning, as Vite orders them. */
const FILES = [
  ".env",
  ".env.local",
  ".env.production",
  ".env.production.local",
];

/**
 * `liveview serve` sees what `vite preview` sees: the `.env` files of the working directory in
 * production mode. Variables already set in the environment win over the files. NODE_ENV is
 * `production` unless set.
 */
export function loadProductionEnv(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const loaded: string[] = [];
  const values: Record<string, string> = {};
  for (const file of FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    Object.assign(values, parseEnv(readFileSync(path, "utf8")));
    loaded.push(file);
  }
  for (const [key, value] of Object.entries(values)) {
    if (env[key] === undefined) env[key] = value;
  }
  env.NODE_ENV ??= "production";
  return loaded;
}
