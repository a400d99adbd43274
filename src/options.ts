import { resolve } from "node:path";
import type { Authenticate } from "./auth.ts";
import { createMemoryBroadcaster, type Broadcaster } from "./broadcast.ts";
import type { HistoryOptions } from "./history.ts";
import { createRedisBroadcaster } from "./broadcast-redis.ts";
import { createConsoleLogger, type Logger } from "./logger.ts";
import { DEFAULT_PATH } from "./protocol.ts";
import {
  resolveLimits,
  type LimitOptions,
  type ResolvedLimits,
} from "./limits.ts";
import type { ServerObserver } from "./observer.ts";
import type { ModuleRegistry } from "./registry.ts";
import { getRuntime } from "./runtime.ts";
import { roomSecretFromEnv } from "./room-token.ts";
import {
  resolveUploadOptions,
  type ResolvedUploadOptions,
  type UploadOptions,
} from "./upload-store.ts";

export interface LiveViewServerOptions extends LimitOptions {
  /** URL path of the endpoint; the room follows it. @default "/ws/liveview/" */
  path?: string;
  /** Origins allowed besides the page's own host ("*" allows any). @default [] */
  allowedOrigins?: string[];
  /** Bytes waiting for a page that stopped reading before it is cut off (no close handshake: it would queue behind the same bytes). @default 8388608 (8 MiB) */
  maxBufferedBytes?: number;
  /** Ping interval; a page that misses a ping is dropped. 0 turns it off. @default 30000 */
  heartbeatMs?: number;
  /** Resolves the user and session of a socket from its upgrade request. */
  authenticate?: Authenticate;
  /** Signs rooms so that only server-issued rooms can connect. @default env LIVEVIEW_SECRET */
  roomSecret?: string | false;
  /** Redis URL: broadcasts and room sends cross processes through Redis pub/sub. */
  redis?: string;
  /** What is kept for pages that reconnect. @default { maxEntries: 1000, maxAgeMs: 120000 } */
  history?: HistoryOptions;
  /** With Redis, how long the presence entries of a process that died stay. @default 30000 */
  presenceTtlMs?: number;
  /** Where uploaded files wait for their handler, and how much of the disk they may hold. */
  uploads?: UploadOptions;
  /** Cross-server fan-out (wins over `redis`). @default the process's in-memory broadcaster */
  broadcaster?: Broadcaster;
  /** Project root for the default templates and locales folders. @default process.cwd() */
  root?: string;
  /** Folder of eta templates. @default "<root>/templates" */
  templates?: string;
  /** Folder of `<lang>.json` catalogs. @default "<root>/locales" */
  locales?: string;
  /** Fallback language of t(). @default "en" */
  defaultLanguage?: string;
  /**
   * How long a page request waits for its `data-liveview-prerender` handlers (and `authenticate`);
   * a region not rendered by then is sent as written, and the browser calls its init. @default 1000
   */
  prerenderTimeoutMs?: number;
  /**
   * Take the client's address, scheme and host from X-Forwarded-For/-Proto/-Host (set by the
   * proxy in front of the server) for the Origin check and `consumer.scope`. @default false
   */
  trustProxy?: boolean;
  /**
   * The build the server runs (stamped by `vite build`): a page from another build is closed with
   * 4409 and reloads once. @default none (no check, as in dev)
   */
  buildId?: string;
  /**
   * Count connections, messages, handler times, errors, broadcasts, Redis and buffered bytes for
   * Prometheus: `server.metrics.scrape()`, served at `/metrics` by `liveview serve`, `vite dev`
   * and `vite preview`. prom-client is loaded only when this is on. @default false
   */
  metrics?: boolean;
  /** Dev mode: error frames carry the exception text, templates and catalogs reload. @default false */
  dev?: boolean;
  /** @default a console logger (`LIVEVIEW_LOG_LEVEL` sets its level) */
  logger?: Logger;
}

/** What the Vite plugin and the tests pass besides the public options. */
export interface CoreOptions extends LiveViewServerOptions {
  /** @default the process-wide registry that liveviewHandler() fills */
  registry?: ModuleRegistry;
  /** Awaited before each message: the dev plugin loads the latest handler files here. */
  beforeDispatch?: () => Promise<void>;
  /** Called with every handler or middleware failure (the dev plugin shows it in the overlay). */
  onHandlerError?: (error: unknown, functionName: string) => void;
  /** Refuses upgrades for a Host header the dev server would refuse (DNS rebinding). */
  isHostAllowed?: (host: string | undefined) => boolean;
  /** Told what the server does (the dev inspector). */
  observer?: ServerObserver;
  /**
   * A server of the library's own (the dev inspector's): not where `broadcast()` and
   * `sendToRoom()` from app code go. @default false
   */
  isolated?: boolean;
}

export interface ResolvedServerOptions extends ResolvedLimits {
  path: string;
  allowedOrigins: readonly string[];
  maxBufferedBytes: number;
  heartbeatMs: number;
  authenticate: Authenticate | undefined;
  roomSecret: string | undefined;
  trustProxy: boolean;
  buildId: string | undefined;
  isHostAllowed: ((host: string | undefined) => boolean) | undefined;
  broadcaster: Broadcaster;
  presenceTtlMs: number;
  uploads: ResolvedUploadOptions;
  /** True when the server made its broadcaster (Redis) and must close it. */
  ownsBroadcaster: boolean;
  templates: string;
  locales: string;
  defaultLanguage: string;
  prerenderTimeoutMs: number;
  metrics: boolean;
  observer: ServerObserver | undefined;
  isolated: boolean;
  dev: boolean;
  logger: Logger;
  registry: ModuleRegistry;
  beforeDispatch: (() => Promise<void>) | undefined;
  onHandlerError: ((error: unknown, functionName: string) => void) | undefined;
}

function normalizePath(path: string): string {
  const withLead = path.startsWith("/") ? path : `/${path}`;
  return withLead.endsWith("/") ? withLead : `${withLead}/`;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(
      `liveview option "${name}" must be a positive number, got ${value}`,
    );
  }
  return value;
}

/** Every default of the server, in one place. */
export function resolveOptions(
  options: CoreOptions = {},
): ResolvedServerOptions {
  const root = options.root ?? process.cwd();
  const logger = options.logger ?? createConsoleLogger();
  const ownsBroadcaster = !options.broadcaster && Boolean(options.redis);
  return {
    path: normalizePath(options.path ?? DEFAULT_PATH),
    allowedOrigins: options.allowedOrigins ?? [],
    maxBufferedBytes: positive(
      "maxBufferedBytes",
      options.maxBufferedBytes ?? 8 * 1024 * 1024,
    ),
    heartbeatMs: options.heartbeatMs ?? 30_000,
    ...resolveLimits(options),
    authenticate: options.authenticate,
    roomSecret:
      options.roomSecret === false
        ? undefined
        : (options.roomSecret ?? roomSecretFromEnv()),
    trustProxy: options.trustProxy ?? false,
    buildId: options.buildId,
    isHostAllowed: options.isHostAllowed,
    broadcaster:
      options.broadcaster ??
      (options.redis
        ? createRedisBroadcaster({
            url: options.redis,
            logger,
            history: options.history,
            presenceTtlMs: options.presenceTtlMs,
          })
        : options.history
          ? createMemoryBroadcaster({ history: options.history })
          : getRuntime().memoryBroadcaster),
    ownsBroadcaster,
    presenceTtlMs: positive("presenceTtlMs", options.presenceTtlMs ?? 30_000),
    uploads: resolveUploadOptions(options.uploads, root),
    templates: resolve(root, options.templates ?? "templates"),
    locales: resolve(root, options.locales ?? "locales"),
    defaultLanguage: options.defaultLanguage ?? "en",
    prerenderTimeoutMs: positive(
      "prerenderTimeoutMs",
      options.prerenderTimeoutMs ?? 1000,
    ),
    metrics: options.metrics ?? false,
    observer: options.observer,
    isolated: options.isolated ?? false,
    dev: options.dev ?? false,
    logger,
    registry: options.registry ?? getRuntime().registry,
    beforeDispatch: options.beforeDispatch,
    onHandlerError: options.onHandlerError,
  };
}
