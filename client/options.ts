/**
 * Client settings: `window.webSocketConfig` (Django LiveView's documented global) and the options given to
 * `startLiveView`, merged over the defaults in one place. Unlike Django LiveView's client, a partial object
 * keeps the defaults for the keys it leaves out, and `path` is honoured.
 */
import { BUILD_QUERY_PARAM } from "./attributes.ts";

/** Reconnection schedule after the socket is lost. */
export interface ReconnectOptions {
  /** Delay before the first attempt, in ms. @default 3000 */
  initialDelay: number;
  /** Each further attempt waits this much longer. @default 1.5 */
  factor: number;
  /** No wait is longer than this, in ms. @default 30000 */
  maxDelay: number;
  /** Attempts before giving up until `online`, a visible tab or a user action. @default 5 */
  maxAttempts: number;
  /** Each delay grows by a random part of up to this fraction of itself (spreads a herd of reconnects). @default 0.1 */
  jitter: number;
}

/** The shape of `window.webSocketConfig`; every key is optional. */
export interface WebSocketConfig {
  /** @default location.host */
  host?: string;
  /** `ws` or `wss`. @default "wss" on https pages, else "ws" */
  protocol?: string;
  /** URL path of the endpoint; the room and a slash follow it. @default "/ws/liveview/" */
  path?: string;
  reconnect?: Partial<ReconnectOptions>;
}

export interface ClientOptions {
  host: string;
  protocol: string;
  path: string;
  reconnect: ReconnectOptions;
}

/** Repeated from src/protocol.ts: the client imports only types from the server side. */
export const DEFAULT_PATH = "/ws/liveview/";

export const DEFAULT_RECONNECT: Readonly<ReconnectOptions> = {
  initialDelay: 3000,
  factor: 1.5,
  maxDelay: 30_000,
  maxAttempts: 5,
  jitter: 0.1,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** `"wss:"`, `"wss://"` and `"WSS"` all mean `wss`: people copy the scheme in many shapes. */
function normalizeProtocol(protocol: string): string {
  return protocol.toLowerCase().replace(/:(\/\/)?$/, "");
}

/** The room is appended to the path, so it must start and end with exactly one slash. */
function normalizePath(path: string): string {
  return `/${path.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");
}

/**
 * Merges, key by key: each config over the ones before it, over the defaults. Configs are page
 * data (`window.webSocketConfig`), so `unknown`: a key of the wrong type, an empty string or a
 * negative or non-finite number is left out and the value beneath it stays.
 */
export function resolveClientOptions(
  location: Pick<Location, "host" | "protocol">,
  ...configs: unknown[]
): ClientOptions {
  const merged: Partial<Record<"host" | "protocol" | "path", string>> = {};
  const reconnect: ReconnectOptions = { ...DEFAULT_RECONNECT };
  for (const config of configs) {
    if (!isRecord(config)) continue;
    for (const key of ["host", "protocol", "path"] as const) {
      const value = config[key];
      if (typeof value === "string" && value.trim() !== "")
        merged[key] = value.trim();
    }
    const given = isRecord(config.reconnect) ? config.reconnect : {};
    for (const key of Object.keys(reconnect) as (keyof ReconnectOptions)[]) {
      const value = given[key];
      if (typeof value === "number" && Number.isFinite(value) && value >= 0)
        reconnect[key] = value;
    }
  }
  reconnect.maxAttempts = Math.floor(reconnect.maxAttempts);
  reconnect.jitter = Math.min(reconnect.jitter, 1);
  return {
    host: merged.host ?? location.host,
    protocol: normalizeProtocol(
      merged.protocol ?? (location.protocol === "https:" ? "wss" : "ws"),
    ),
    path: normalizePath(merged.path ?? DEFAULT_PATH),
    reconnect,
  };
}

/**
 * `ws(s)://<host><path><room>/`: the room is a path segment, so it is URL-encoded. A build id
 * (a built page's) is sent as `?build=<id>`, for the server to check against its own.
 */
export function socketUrl(
  options: ClientOptions,
  room: string,
  buildId?: string,
  resume = "resume=",
): string {
  const build = buildId
    ? `${BUILD_QUERY_PARAM}=${encodeURIComponent(buildId)}&`
    : "";
  return `${options.protocol}://${options.host}${options.path}${encodeURIComponent(room)}/?${build}${resume}`;
}
