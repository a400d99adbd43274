import { isRunnableDevEnvironment, type ViteDevServer } from "vite";
import type {
  LiveViewServer,
  LiveViewServerOptions,
  Logger,
} from "../src/index.ts";
import { createServerCore } from "../src/internal.ts";
import { REGISTRY_ID } from "./virtual.ts";

interface RegistryModule {
  files: string[];
}

// Vite's transform errors carry terminal colours; the overlay and logs want plain text.
const ANSI = /\u001b\[[0-9;]*m/g;

function toOverlayError(error: unknown, plugin: string) {
  const err = error instanceof Error ? error : new Error(String(error));
  return {
    message: err.message.replace(ANSI, ""),
    stack: (err.stack ?? "").replace(ANSI, ""),
    plugin,
    id: (err as { id?: string }).id,
  };
}

/** Core log lines go through Vite's logger, so they look like the rest of the terminal. */
function viteLogger(server: ViteDevServer): Logger {
  const logger = server.config.logger;
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
        {
          timestamp: true,
        },
      ),
  };
}

/**
 * The endpoint on `vite dev`: handler files run in Vite's SSR module runner, which re-evaluates
 * a saved file in place. Each message first asks the runner for the registry module, which is
 * instant when nothing changed and picks up any swap that happened, so no socket ever closes.
 */
export function startDevEndpoint(
  server: ViteDevServer,
  serverOptions: LiveViewServerOptions,
): { liveview: LiveViewServer; loaded: Promise<void> } {
  const environment = server.environments.ssr;
  if (!environment || !isRunnableDevEnvironment(environment)) {
    throw new Error(
      "vite-plugin-liveview needs Vite's runnable `ssr` dev environment (Vite 6 or later)",
    );
  }
  const runner = environment.runner;
  const logger = server.config.logger;
  let lastError = "";

  function showInOverlay(error: unknown) {
    const overlay = toOverlayError(error, "vite-plugin-liveview");
    server.environments.client.hot.send({ type: "error", err: overlay });
    return overlay;
  }

  function report(error: unknown, what: string): void {
    const overlay = showInOverlay(error);
    // The same broken file fails on every message until it is fixed: say it once.
    if (overlay.message !== lastError)
      logger.error(`[liveview] ${what}: ${overlay.message}`, {
        timestamp: true,
      });
    lastError = overlay.message;
  }

  async function load(): Promise<RegistryModule | undefined> {
    try {
      const module = (await runner.import(REGISTRY_ID)) as RegistryModule;
      lastError = "";
      return module;
    } catch (error) {
      // The previous handlers stay registered and keep answering until the file is fixed.
      report(error, "A handler file failed to load");
      return undefined;
    }
  }

  const loaded = load().then((module) => {
    for (const file of module?.files ?? []) logger.info(`✓ Imported: ${file}`);
  });

  const liveview = createServerCore({
    logger: viteLogger(server),
    ...serverOptions,
    dev: true,
    beforeDispatch: async () => {
      await loaded;
      await load();
    },
    // The core has logged it already; the overlay shows it to whoever is looking at the page.
    onHandlerError: (error) => void showInOverlay(error),
  });
  return { liveview, loaded };
}
