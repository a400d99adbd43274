import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authenticate } from "./auth.ts";
import type { Logger } from "./logger.ts";

/** Connect-style middleware: answer the request, or call `next()` to let pages and files answer. */
export type HttpMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => unknown;

/** Undoes what `start` did (close a database pool); awaited before the process exits. */
export type Teardown = () => void | Promise<void>;

export interface StartContext {
  /** The server's logger (Vite's in dev). */
  logger: Logger;
}

/**
 * The app's server side besides its handlers, in `liveview.server.ts`: everything that is a
 * function lives here, never in vite.config, so it runs the same in `vite dev`, `vite preview`
 * and `liveview serve`.
 */
export interface ServerEntry {
  /**
   * Runs on every socket upgrade (so on every reconnect too): who is asking. `false` refuses
   * the socket with 401; a result lands on `consumer.scope`.
   */
  authenticate?: Authenticate;
  /** Runs before static files and pages: login forms, logout, webhooks, a whole Express app. */
  http?: HttpMiddleware;
  /** Runs once per process before it accepts traffic (in dev again after each edit of the file). */
  start?: (context: StartContext) => void | Teardown | Promise<void | Teardown>;
}

const KEYS = new Set(["authenticate", "http", "start"]);

/** `export default defineServer({ authenticate, http, start })` in `liveview.server.ts`. */
export function defineServer(entry: ServerEntry): ServerEntry {
  assertServerEntry(entry, "defineServer()");
  return entry;
}

/** Checks what a server entry file exports, with a message that says what to fix. */
export function assertServerEntry(
  entry: unknown,
  where: string,
): asserts entry is ServerEntry {
  if (typeof entry !== "object" || entry === null) {
    throw new TypeError(
      `${where} must be an object: export default defineServer({ authenticate, http, start })`,
    );
  }
  for (const [key, value] of Object.entries(entry)) {
    if (!KEYS.has(key)) {
      throw new TypeError(
        `${where}: unknown key "${key}" (a server entry has authenticate, http and start)`,
      );
    }
    if (value !== undefined && typeof value !== "function") {
      throw new TypeError(`${where}: "${key}" must be a function`);
    }
  }
}
