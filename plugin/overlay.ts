import type { Logger as ViteLogger, ViteDevServer } from "vite";
import type { Logger } from "../src/index.ts";
import { formatJsonLine, logFormatFromEnv } from "../src/internal.ts";

// Vite's transform errors carry terminal colours; the overlay and logs want plain text.
const ANSI = /\u001b\[[0-9;]*m/g;

function toOverlayError(error: unknown) {
  const err = error instanceof Error ? error : new Error(String(error));
  return {
    message: err.message.replace(ANSI, ""),
    stack: (err.stack ?? "").replace(ANSI, ""),
    plugin: "vite-plugin-liveview",
    id: (err as { id?: string }).id,
  };
}

export interface Reporter {
  /** Shows an error in the browser's error overlay. */
  show(error: unknown): void;
  /** Shows it and logs it once, however often the same broken file fails. */
  report(error: unknown, what: string): void;
  /** The broken file works again: the next failure is logged anew. */
  clear(): void;
}

export function createReporter(
  server: ViteDevServer,
  logger: Logger,
): Reporter {
  let lastError = "";
  const show = (error: unknown) => {
    const overlay = toOverlayError(error);
    server.environments.client.hot.send({ type: "error", err: overlay });
    return overlay;
  };
  return {
    show,
    report(error, what) {
      const overlay = show(error);
      if (overlay.message !== lastError) {
        logger.error(`${what}: ${overlay.message}`);
      }
      lastError = overlay.message;
    },
    clear() {
      lastError = "";
    },
  };
}

/**
 * Core log lines go through Vite's logger, so they look like the rest of the terminal; with
 * LIVEVIEW_LOG_FORMAT=json they are JSON lines (Vite's own lines stay text).
 */
export function viteLogger(logger: ViteLogger): Logger {
  if (logFormatFromEnv() === "json") {
    return {
      debug: () => {},
      info: (message, fields) =>
        logger.info(formatJsonLine("info", message, fields)),
      warn: (message, fields) =>
        logger.warn(formatJsonLine("warn", message, fields)),
      error: (message, error, fields) =>
        logger.error(formatJsonLine("error", message, fields, error)),
    };
  }
  const tag = (message: string) => `[liveview] ${message}`;
  return {
    debug: () => {},
    info: (message) => logger.info(tag(message), { timestamp: true }),
    warn: (message) => logger.warn(tag(message), { timestamp: true }),
    error: (message, error) =>
      logger.error(
        tag(
          error instanceof Error
            ? `${message}\n${error.stack ?? error.message}`
            : message,
        ),
        { timestamp: true },
      ),
  };
}
