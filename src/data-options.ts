import type { LiveViewServerOptions } from "./options.ts";
import { roomSecretFromEnv } from "./room-token.ts";

/**
 * The options of `liveview()` that are data, not functions: `vite build` writes them into the
 * server bundle's manifest, so `vite preview` and `liveview serve` apply what vite.config says,
 * exactly as `vite dev` does. Environment variables override them everywhere.
 */
export type DataOptions = Pick<
  LiveViewServerOptions,
  | "path"
  | "allowedOrigins"
  | "maxMessageBytes"
  | "maxBufferedBytes"
  | "heartbeatMs"
  | "rateLimit"
  | "defaultLanguage"
  | "prerenderTimeoutMs"
  | "trustProxy"
  | "redis"
  | "roomSecret"
  | "messageLimits"
  | "addressLimit"
  | "maxConnections"
  | "maxQueuedBytes"
  | "handlerTimeoutMs"
  | "history"
  | "presenceTtlMs"
  | "metrics"
  | "uploads"
>;

export const DATA_OPTION_NAMES = [
  "path",
  "allowedOrigins",
  "maxMessageBytes",
  "maxBufferedBytes",
  "heartbeatMs",
  "rateLimit",
  "defaultLanguage",
  "prerenderTimeoutMs",
  "trustProxy",
  "redis",
  "roomSecret",
  "messageLimits",
  "addressLimit",
  "maxConnections",
  "maxQueuedBytes",
  "handlerTimeoutMs",
  "history",
  "presenceTtlMs",
  "metrics",
  "uploads",
] as const satisfies readonly (keyof DataOptions)[];

/** The data options among `options`, leaving out unset ones. */
export function pickDataOptions(options: DataOptions): DataOptions {
  const picked: Record<string, unknown> = {};
  for (const name of DATA_OPTION_NAMES) {
    if (options[name] !== undefined) picked[name] = options[name];
  }
  return picked as DataOptions;
}

/**
 * Environment variables win over what the config or the build says: LIVEVIEW_REDIS_URL,
 * LIVEVIEW_SECRET, LIVEVIEW_ALLOWED_ORIGINS (comma-separated), LIVEVIEW_TRUST_PROXY=1,
 * LIVEVIEW_METRICS=1, LIVEVIEW_UPLOAD_DIR.
 */
export function applyEnvironment(
  options: DataOptions,
  env: NodeJS.ProcessEnv = process.env,
): DataOptions {
  const out: DataOptions = { ...options };
  if (env.LIVEVIEW_REDIS_URL) out.redis = env.LIVEVIEW_REDIS_URL;
  const secret = roomSecretFromEnv(env);
  if (secret) out.roomSecret = secret;
  if (env.LIVEVIEW_ALLOWED_ORIGINS) {
    out.allowedOrigins = env.LIVEVIEW_ALLOWED_ORIGINS.split(",")
      .map((origin) => origin.trim())
      .filter(Boolean);
  }
  if (env.LIVEVIEW_UPLOAD_DIR)
    out.uploads = { ...out.uploads, dir: env.LIVEVIEW_UPLOAD_DIR };
  if (env.LIVEVIEW_TRUST_PROXY) {
    out.trustProxy = /^(1|true|yes)$/i.test(env.LIVEVIEW_TRUST_PROXY);
  }
  if (env.LIVEVIEW_METRICS) {
    out.metrics = /^(1|true|yes)$/i.test(env.LIVEVIEW_METRICS);
  }
  return out;
}

const CHECKS: Record<
  (typeof DATA_OPTION_NAMES)[number],
  (v: unknown) => boolean
> = {
  path: (v) => typeof v === "string",
  allowedOrigins: (v) =>
    Array.isArray(v) && v.every((item) => typeof item === "string"),
  maxMessageBytes: (v) => typeof v === "number",
  maxBufferedBytes: (v) => typeof v === "number",
  heartbeatMs: (v) => typeof v === "number",
  rateLimit: (v) => v === false || (typeof v === "object" && v !== null),
  defaultLanguage: (v) => typeof v === "string",
  prerenderTimeoutMs: (v) => typeof v === "number",
  trustProxy: (v) => typeof v === "boolean",
  redis: (v) => typeof v === "string",
  roomSecret: (v) => v === false || typeof v === "string",
  messageLimits: (v) => typeof v === "object" && v !== null,
  addressLimit: (v) => v === false || (typeof v === "object" && v !== null),
  maxConnections: (v) => typeof v === "number",
  maxQueuedBytes: (v) => typeof v === "number",
  handlerTimeoutMs: (v) => typeof v === "number",
  history: (v) => typeof v === "object" && v !== null,
  presenceTtlMs: (v) => typeof v === "number",
  metrics: (v) => typeof v === "boolean",
  uploads: (v) => typeof v === "object" && v !== null,
};

/** Narrows data options read from a file; returns the name of the first wrong one, if any. */
export function findWrongDataOption(
  value: Record<string, unknown>,
): string | undefined {
  for (const name of DATA_OPTION_NAMES) {
    if (value[name] !== undefined && !CHECKS[name](value[name])) return name;
  }
  return undefined;
}
