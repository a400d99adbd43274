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

function pickString(
  source: Record<string, unknown>,
  key: string,
): string | undefined {
  const value = source[key];
  return typeof value === "string" && value.trim() !== ""
    ? value.trim()
    : undefined;
}

function pickNumber(
  source: Record<string, unknown>,
  key: string,
): number | undefined {
  const value = source[key];
  return typeof value === "number" && Number.isFinite(value) && value >= 0
    ? value
    : undefined;
}

/** Narrows whatever the page put in `window.webSocketConfig` (it is page data, so `unknown`). */
export function readWebSocketConfig(raw: unknown): WebSocketConfig {
  if (!isRecord(raw)) return {};
  const config: WebSocketConfig = {};
  for (const key of ["host", "protocol", "path"] as const) {
    const value = pickString(raw, key);
    if (value !== undefined) config[key] = value;
  }
  if (isRecord(raw.reconnect)) {
    const reconnect: Partial<ReconnectOptions> = {};
    for (const key of Object.keys(
      DEFAULT_RECONNECT,
    ) as (keyof ReconnectOptions)[]) {
      const value = pickNumber(raw.reconnect, key);
      if (value !== undefined) reconnect[key] = value;
    }
    config.reconnect = reconnect;
  }
  return config;
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
 * Merges, key by key: explicit options over `window.webSocketConfig` over the defaults.
 */
export function resolveClientOptions(
  location: Pick<Location, "host" | "protocol">,
  ...configs: WebSocketConfig[]
): ClientOptions {
  // Each config holds only the keys it sets, so the later ones win key by key.
  const merged: WebSocketConfig = Object.assign({}, ...configs);
  const reconnect: ReconnectOptions = Object.assign(
    { ...DEFAULT_RECONNECT },
    ...configs.map((config) => config.reconnect),
  );
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
