import { parseArgs } from "node:util";

export interface ServeArgs {
  port: number;
  host: string;
  dist: string;
  redis: string | undefined;
  workers: number;
  /** Undefined when neither the flag nor the environment says: the build's setting applies. */
  trustProxy: boolean | undefined;
  /** `--metrics`; undefined without the flag: LIVEVIEW_METRICS, then the build's setting applies. */
  metrics: boolean | undefined;
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

/**
 * Flags win over environment variables (PORT, HOST, LIVEVIEW_REDIS_URL, LIVEVIEW_WORKERS,
 * LIVEVIEW_TRUST_PROXY), which win over what the build recorded, which wins over defaults.
 */
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
      "trust-proxy": { type: "boolean" },
      metrics: { type: "boolean" },
    },
    strict: true,
  });
  const trustEnv = env.LIVEVIEW_TRUST_PROXY;
  const args: ServeArgs = {
    port: toCount("port", values.port ?? env.PORT, 3000),
    host: values.host ?? env.HOST ?? "0.0.0.0",
    dist: values.dist ?? "dist",
    redis: values.redis ?? (env.LIVEVIEW_REDIS_URL || undefined),
    workers: toCount("workers", values.workers ?? env.LIVEVIEW_WORKERS, 1),
    trustProxy:
      values["trust-proxy"] ??
      (trustEnv ? /^(1|true|yes)$/i.test(trustEnv) : undefined),
    metrics: values.metrics,
  };
  if (args.workers < 1) throw new Error("--workers must be at least 1");
  return args;
}

/** Each worker is its own process: broadcasts reach the others' pages only through Redis. */
export function assertWorkersHaveRedis(
  workers: number,
  redis: string | undefined,
): void {
  if (workers > 1 && !redis) {
    throw new Error(
      `--workers ${workers} needs Redis: each worker is a separate process, and broadcasts ` +
        "only reach the other workers' pages through Redis. Pass --redis redis://host:6379 " +
        "(or set LIVEVIEW_REDIS_URL, or the plugin's redis option), or run one worker.",
    );
  }
}
