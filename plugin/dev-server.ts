import { isRunnableDevEnvironment, type ViteDevServer } from "vite";
import type { LiveViewServer } from "../src/index.ts";
import {
  createEntryHost,
  createServerCore,
  serveMetrics,
  type CoreOptions,
} from "../src/internal.ts";
import { startDevEntry } from "./dev-entry.ts";
import { createReporter, viteLogger } from "./overlay.ts";
import { DEV_HOOKS, REGISTRY_ID } from "./virtual.ts";

interface RegistryModule {
  files: string[];
}

export interface DevEndpoint {
  liveview: LiveViewServer;
  /** Resolves once the handler files and the server entry ran for the first time. */
  loaded: Promise<void>;
  /** Stops the server entry (its teardown) when the dev server closes. */
  close(): Promise<void>;
}

/**
 * The endpoint on `vite dev`: handler files and the server entry run in Vite's SSR module
 * runner, which re-evaluates a saved file in place. Each message, upgrade and request first asks
 * the runner for the modules, which is instant when nothing changed and picks up any swap that
 * happened, so no socket ever closes.
 */
export function startDevEndpoint(
  server: ViteDevServer,
  serverOptions: CoreOptions,
  onHandlersLoaded: () => void = () => {},
): DevEndpoint {
  const environment = server.environments.ssr;
  if (!environment || !isRunnableDevEnvironment(environment)) {
    throw new Error(
      "vite-plugin-liveview needs Vite's runnable `ssr` dev environment (Vite 6 or later)",
    );
  }
  const runner = environment.runner;
  const logger = viteLogger(server.config.logger);
  const reporter = createReporter(server, logger);
  const host = createEntryHost(logger);
  const entry = startDevEntry(runner, host, reporter);

  async function loadHandlers(): Promise<RegistryModule | undefined> {
    try {
      return (await runner.import(REGISTRY_ID)) as RegistryModule;
    } catch (error) {
      // The previous handlers stay registered and keep answering until the file is fixed.
      reporter.report(error, "A handler file failed to load");
      return undefined;
    }
  }

  const loaded = Promise.all([loadHandlers(), entry.ensure()]).then(
    ([module]) => {
      for (const file of module?.files ?? [])
        server.config.logger.info(`✓ Imported: ${file}`);
      if (module) onHandlersLoaded();
    },
  );
  const ready = async () => {
    await loaded;
    const [module] = await Promise.all([loadHandlers(), entry.ensure()]);
    return module;
  };
  // The modules Vite's runner evaluates report here (see virtual.ts).
  (globalThis as Record<symbol, unknown>)[Symbol.for(DEV_HOOKS)] = {
    ...entry.hooks,
    // A broken handler file is in the overlay already; its names are checked once it loads.
    updated: () => void ready().then((module) => module && onHandlersLoaded()),
  };

  // /metrics (with the metrics option) and then the app's routes, before Vite's own
  // middlewares, as in preview and serve.
  server.middlewares.use((request, response, next) => {
    if (!serveMetrics(request, response, liveview.metrics, logger)) next();
  });
  server.middlewares.use((request, response, next) => {
    loaded.then(entry.ensure).then(
      () => host.http(request, response, next),
      (error: unknown) => next(error),
    );
  });

  const liveview = createServerCore({
    logger,
    ...serverOptions,
    dev: true,
    authenticate: async (request) => {
      await loaded;
      await entry.ensure();
      return host.authenticate(request);
    },
    beforeDispatch: async () => void (await ready()),
    // The core has logged it already; the overlay shows it to whoever is looking at the page.
    onHandlerError: (error) => reporter.show(error),
  });
  return { liveview, loaded, close: () => host.stop() };
}
