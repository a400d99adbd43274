import type { Logger as ViteLogger, ViteDevServer } from "vite";
import type { Logger } from "../src/index.ts";

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

export function createReporter(server: ViteDevServer): Reporter {
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
        server.config.logger.error(`[liveview] ${what}: ${overlay.message}`, {
          timestamp: true,
        });
      }
      lastError = overlay.message;
    },
    clear() {
      lastError = "";
    },
  };
}

/** Core log lines go through Vite's logger, so they look like the rest of the terminal. */
export function viteLogger(logger: ViteLogger): Logger {
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
