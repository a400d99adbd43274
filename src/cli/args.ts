import { parseArgs } from "node:util";

export interface ServeArgs {
  port: number;
  host: string;
  dist: string;
  redis: string | undefined;
  workers: number;
}

function toCount(
  name: string,
  value: string | undefined,
  fallback: number,
): number {
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new Error(`--${name} must be a whole number, got "${value}"`);
  return number;
}

/** Flags win over environment variables (PORT, HOST, LIVEVIEW_REDIS_URL), which win over defaults. */
export function parseServeArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): ServeArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      dist: { type: "string" },
      redis: { type: "string" },
      workers: { type: "string" },
    },
    strict: true,
  });
  const args: ServeArgs = {
    port: toCount("port", values.port ?? env.PORT, 3000),
    host: values.host ?? env.HOST ?? "0.0.0.0",
    dist: values.dist ?? "dist",
    redis: values.redis ?? (env.LIVEVIEW_REDIS_URL || undefined),
    workers: toCount("workers", values.workers ?? env.LIVEVIEW_WORKERS, 1),
  };
  if (args.workers < 1) throw new Error("--workers must be at least 1");
  if (args.workers > 1 && !args.redis) {
    throw new Error(
      `--workers ${args.workers} needs Redis: each worker is a separate process, and broadcasts ` +
        "only reach the other workers' pages through Redis. Pass --redis redis://host:6379 " +
        "(or set LIVEVIEW_REDIS_URL), or run one worker.",
    );
  }
  return args;
}
