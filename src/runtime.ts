import { AsyncLocalStorage } from "node:async_hooks";
import { join } from "node:path";
import { createMemoryBroadcaster, type Broadcaster } from "./broadcast.ts";
import { locateCaller } from "./caller.ts";
import { createTranslator, type Translator } from "./i18n.ts";
import { createConsoleLogger, type Logger } from "./logger.ts";
import type { ServerObserver } from "./observer.ts";
import { createRegistry, type ModuleRegistry } from "./registry.ts";
import { createTemplateRenderer, type TemplateRenderer } from "./templates.ts";

/** What send, broadcast, renderToString and t need from the server a message arrived on. */
export interface ServerServices {
  logger: Logger;
  /** The handlers, middleware and event handlers this server runs. */
  registry: ModuleRegistry;
  broadcaster: Broadcaster;
  renderer: TemplateRenderer;
  translator: Translator;
  defaultLanguage: string;
  /** Told what group messages the server publishes (metrics). */
  observer?: ServerObserver;
}

/** The message a handler is answering, visible to t() and renderToString without arguments. */
export interface MessageScope {
  lang: string;
  services: ServerServices;
  /** Set when the call timed out: its late sends are dropped. */
  cancelled: boolean;
}

/** What the realtime API can do with one socket consumer. */
export interface Membership {
  join(topic: string): void;
  leave(topic: string): void;
  /** Topics it is tracked in for presence (untracked when it closes). */
  presence: Set<string>;
}

export interface Runtime {
  registry: ModuleRegistry;
  messages: AsyncLocalStorage<MessageScope>;
  /** Open servers, most recent last: where a broadcast from a timer or a job goes. */
  servers: Set<ServerServices>;
  /** The server each consumer belongs to, for `send(consumer, data, { broadcast: true })`. */
  consumers: WeakMap<object, ServerServices>;
  /** Each socket consumer's place in its server's groups: what join() and presence use. */
  members: WeakMap<object, Membership>;
  /** Shared by every server of the process that has no Redis. */
  memoryBroadcaster: Broadcaster;
  /** Used outside any server: templates/ and locales/ of the working directory. */
  fallback: ServerServices;
}

const KEY = Symbol.for("vite-plugin-liveview.runtime");

function createFallbackServices(
  broadcaster: Broadcaster,
  registry: ModuleRegistry,
): ServerServices {
  const logger = createConsoleLogger();
  return {
    logger,
    registry,
    broadcaster,
    renderer: createTemplateRenderer({
      dir: join(process.cwd(), "templates"),
      cache: false,
    }),
    translator: createTranslator({
      dir: join(process.cwd(), "locales"),
      defaultLanguage: "en",
      watch: true,
      logger,
    }),
    defaultLanguage: "en",
  };
}

/**
 * The one process-wide object: Django LiveView's API (a global registry, send() from anywhere)
 * implies it. It lives on globalThis because Vite's module runner evaluates handler files, and
 * with them a second copy of this package when it is linked from source; both copies must see
 * the same registry and servers.
 */
export function getRuntime(): Runtime {
  const holder = globalThis as typeof globalThis & { [KEY]?: Runtime };
  if (!holder[KEY]) {
    const memoryBroadcaster = createMemoryBroadcaster();
    const registry = createRegistry(locateCaller);
    holder[KEY] = {
      registry,
      messages: new AsyncLocalStorage<MessageScope>(),
      servers: new Set(),
      consumers: new WeakMap(),
      members: new WeakMap(),
      memoryBroadcaster,
      fallback: createFallbackServices(memoryBroadcaster, registry),
    };
  }
  return holder[KEY];
}

/** The services of the message being handled, else of the newest open server. */
export function currentServices(): ServerServices {
  const runtime = getRuntime();
  const scope = runtime.messages.getStore();
  if (scope) return scope.services;
  let newest: ServerServices | undefined;
  for (const services of runtime.servers) newest = services;
  return newest ?? runtime.fallback;
}

/** The language of the message being handled, else the default language. */
export function currentLanguage(): string {
  const scope = getRuntime().messages.getStore();
  return scope?.lang || currentServices().defaultLanguage;
}
