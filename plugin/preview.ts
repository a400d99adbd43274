import type { PreviewServer } from "vite";
import { createStaticFiles, loadServerBundle } from "../src/index.ts";
import {
  applyEnvironment,
  assertServerEntry,
  createEntryHost,
  createPageTransform,
  refuseDevOnly,
  serveMetrics,
  type CoreOptions,
  type DataOptions,
} from "../src/internal.ts";
import { viteLogger } from "./overlay.ts";

export interface PreviewSetup {
  clientDir: string;
  serverDir: string;
  /** The data options of the current vite.config (over the build's). */
  data: DataOptions;
  isHostAllowed: ((host: string | undefined) => boolean) | undefined;
}

/**
 * `vite preview`: what `liveview serve` runs, on Vite's preview server: the built server entry
 * (its http routes before the pages, its authenticate, start and teardown), the built
 * handlers, and the pages with a signed room and their prerendered regions per load.
 */
export async function startPreviewEndpoint(
  server: PreviewServer,
  setup: PreviewSetup,
): Promise<void> {
  const logger = viteLogger(server.config.logger);
  const { bundle, manifest, templates, locales } = await loadServerBundle(
    setup.serverDir,
  );
  const settings = applyEnvironment({ ...manifest.options, ...setup.data });
  const host = createEntryHost(logger);
  if (bundle.serverEntry !== undefined) {
    assertServerEntry(bundle.serverEntry, bundle.serverEntryFile ?? "");
    await host.replace(bundle.serverEntry);
  }
  const options: CoreOptions = {
    ...settings,
    authenticate: (request) => host.authenticate(request),
    templates,
    locales,
    logger,
    buildId: manifest.buildId,
    isHostAllowed: setup.isHostAllowed,
  };
  const liveview = bundle.createLiveViewServer(options);
  server.middlewares.use((request, response, next) => {
    if (serveMetrics(request, response, liveview.metrics, logger)) return;
    if (!refuseDevOnly(request, response)) next();
  });
  server.middlewares.use((request, response, next) =>
    host.http(request, response, next),
  );
  server.middlewares.use(
    createStaticFiles(setup.clientDir, {
      assetsDir: manifest.assetsDir,
      transformHtml: createPageTransform(liveview, settings.roomSecret),
    }),
  );
  const detach = liveview.attach(server.httpServer);
  server.httpServer.once("close", () => {
    detach();
    void liveview.close().then(() => host.stop());
  });
}
