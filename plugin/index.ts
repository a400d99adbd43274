import type { IncomingMessage } from "node:http";
import { relative, resolve } from "node:path";
import MagicString from "magic-string";
import { createFilter, type Plugin, type ResolvedConfig } from "vite";
import {
  injectRoomToken,
  type LiveViewServer,
  type PrerenderedPage,
} from "../src/index.ts";
import {
  applyEnvironment,
  pickDataOptions,
  resolveRoomSecret,
  type CoreOptions,
} from "../src/internal.ts";
import {
  buildConfig,
  releaseBuildId,
  sharedBuildId,
  SERVER_DIR,
  setServerEntry,
  writeServerOutput,
} from "./build.ts";
import { precompress } from "./compress.ts";
import { prerenderDevPages } from "./dev-pages.ts";
import { startDevEndpoint } from "./dev-server.ts";
import { loadServerEnv } from "./env.ts";
import { createHostCheck } from "./hosts.ts";
import { createInspector, INSPECTOR_SOCKET_PATH } from "./inspector.ts";
import { viteLogger } from "./overlay.ts";
import {
  checkBuiltNames,
  createNameCheck,
  startDevNameCheck,
  type NameCheck,
} from "./name-check.ts";
import { resolvePluginOptions, type LiveViewPluginOptions } from "./options.ts";
import { startPreviewEndpoint } from "./preview.ts";
import { fromSource, sourceAliases } from "./source.ts";
import {
  CLIENT_ID,
  CLIENT_PACKAGE,
  clientModuleCode,
  INSPECTOR_CLIENT_ID,
  inspectorClientCode,
  REGISTRY_ID,
  registryModuleCode,
  SERVER_ENTRY_ID,
  serverEntryModuleCode,
  wrapHandlerModule,
} from "./virtual.ts";

export type { LiveViewPluginOptions } from "./options.ts";

/** What the plugin exposes to hosts that run Vite in middleware mode (no httpServer of its own). */
export interface LiveViewPluginApi {
  /** Serves the LiveView endpoint on the host's HTTP server. */
  attach(httpServer: Parameters<LiveViewServer["attach"]>[0]): () => void;
  /**
   * Renders a page's `data-liveview-prerender` regions for `request`, as the dev server does to
   * the pages it sends: a host that sends pages itself calls it after `transformIndexHtml`.
   */
  prerender(html: string, request: IncomingMessage): Promise<PrerenderedPage>;
}

const RESOLVED = "\0";
const VIRTUAL = new Set([
  REGISTRY_ID,
  CLIENT_ID,
  SERVER_ENTRY_ID,
  INSPECTOR_CLIENT_ID,
]);

/** `plugins: [liveview()]`: handler files, the WebSocket endpoint and the client, in one line. */
export default function liveview(
  options: LiveViewPluginOptions = {},
): Plugin<LiveViewPluginApi> {
  const resolved = resolvePluginOptions(options);
  let config: ResolvedConfig;
  let isHandlerFile: (id: string) => boolean = () => false;
  let devServer: LiveViewServer | undefined;
  let inspectorServer: LiveViewServer | undefined;
  // Stamped into the pages and the server bundle of one `vite build`.
  let buildId: string | undefined;
  // The out dir as vite.config names it (the plugin builds into its client/ and server/).
  let appOutDir = "dist";
  const nameCheck = (): NameCheck =>
    createNameCheck({
      root: config.root,
      outDir: appOutDir,
      publicDir: config.publicDir || false,
      templates: resolve(config.root, resolved.templates),
    });

  // What vite.config says, overridden by the environment, as `liveview serve` does. Rooms are
  // signed by default: one random secret per dev or preview server unless one is configured.
  let randomSecret: string | undefined;
  const settings = () => {
    const data = applyEnvironment(resolved.data);
    if (data.roomSecret === undefined)
      data.roomSecret = randomSecret ??= resolveRoomSecret(undefined);
    return data;
  };
  const serverOptions = (): CoreOptions => ({
    ...settings(),
    root: config.root,
    templates: resolve(config.root, resolved.templates),
    locales: resolve(config.root, resolved.locales),
  });

  return {
    name: "vite-plugin-liveview",
    api: {
      attach(httpServer) {
        if (!devServer)
          throw new Error(
            "liveview: attach() is available once the dev server started",
          );
        const detachInspector = inspectorServer?.attach(httpServer);
        const detach = devServer.attach(httpServer);
        return () => {
          detachInspector?.();
          detach();
        };
      },
      prerender(html, request) {
        if (!devServer)
          throw new Error(
            "liveview: prerender() is available once the dev server started",
          );
        return devServer.prerender(html, request);
      },
    },
    config(userConfig, env) {
      appOutDir = userConfig.build?.outDir ?? "dist";
      // Pre-bundled up front, so the first page load in dev is not followed by a reload.
      const include = fromSource
        ? ["@hotwired/stimulus", "idiomorph"]
        : [CLIENT_PACKAGE];
      const aliases = {
        resolve: { alias: sourceAliases() },
        optimizeDeps: { include },
      };
      // Preview serves what build wrote, so it needs the same output folders.
      return env.command === "build" || env.isPreview
        ? { ...aliases, ...buildConfig(userConfig, env.command === "build") }
        : aliases;
    },
    configEnvironment(name, environment, env) {
      if (name === "ssr" && env.command === "build")
        setServerEntry(environment);
    },
    configResolved(resolvedConfig) {
      config = resolvedConfig;
      if (config.command === "build") buildId = sharedBuildId(config.root);
      const filter = createFilter(resolved.components, "**/_*", {
        resolve: config.root,
      });
      isHandlerFile = (id) => filter(id.split("?")[0] ?? id);
      loadServerEnv(config);
    },
    resolveId(id) {
      return VIRTUAL.has(id) ? RESOLVED + id : undefined;
    },
    load(id) {
      if (!id.startsWith(RESOLVED)) return undefined;
      switch (id.slice(RESOLVED.length)) {
        case REGISTRY_ID:
          return registryModuleCode(resolved.components);
        case CLIENT_ID:
          return clientModuleCode(options.path, buildId);
        case SERVER_ENTRY_ID:
          return serverEntryModuleCode(
            resolved.serverEntry,
            config.command === "serve",
          );
        case INSPECTOR_CLIENT_ID:
          return inspectorClientCode(INSPECTOR_SOCKET_PATH);
        default:
          return undefined;
      }
    },
    transform(code, id) {
      if (this.environment?.name === "client" || !isHandlerFile(id))
        return undefined;
      const file = relative(config.root, id.split("?")[0] ?? id);
      const wrapped = wrapHandlerModule(new MagicString(code), file);
      // The map keeps stack traces on the lines of the source file.
      return {
        code: wrapped.toString(),
        map: wrapped.generateMap({ hires: "boundary", source: id }),
      };
    },
    transformIndexHtml: {
      order: "pre",
      handler(html) {
        const tags = resolved.client
          ? [
              {
                tag: "script",
                attrs: { type: "module" },
                children: `import ${JSON.stringify(CLIENT_ID)};`,
                injectTo: "body" as const,
              },
            ]
          : [];
        // With a room secret, each page load gets its own signed room (built pages get theirs
        // from preview and `liveview serve`).
        const secret = settings().roomSecret;
        if (typeof secret !== "string" || config.command === "build")
          return tags;
        return { html: injectRoomToken(html, secret), tags };
      },
    },
    configureServer(server) {
      if (config.experimental?.bundledDev) {
        throw new Error(
          "vite-plugin-liveview does not support experimental.bundledDev",
        );
      }
      let checkNames = (): void => {};
      const isHostAllowed = createHostCheck(config, false);
      // Before the endpoint's routes: /__liveview/ is the inspector's, whatever the app serves.
      const inspector = createInspector({
        logger: viteLogger(config.logger),
        isHostAllowed,
        allowedOrigins: settings().allowedOrigins,
        clientUrl: `${config.base}@id/${INSPECTOR_CLIENT_ID}`,
      });
      server.middlewares.use(inspector.middleware);
      inspectorServer = inspector.liveview;
      const endpoint = startDevEndpoint(
        server,
        { ...serverOptions(), isHostAllowed, observer: inspector.observer },
        () => {
          checkNames();
          inspector.handlersChanged();
        },
      );
      if (resolved.checkNames !== false)
        checkNames = startDevNameCheck(server, nameCheck());
      devServer = endpoint.liveview;
      const httpServer = server.httpServer;
      if (httpServer) {
        const detachInspector = inspector.liveview.attach(httpServer);
        const detach = endpoint.liveview.attach(httpServer);
        httpServer.once("close", () => {
          detachInspector();
          detach();
          void inspector.close();
          void endpoint.liveview.close().then(endpoint.close);
        });
      }
      // Vite skips HMR for new and deleted files when HMR is off; the registry must still notice.
      server.watcher.on("all", (event, file) => {
        if ((event !== "add" && event !== "unlink") || !isHandlerFile(file))
          return;
        const graph = server.environments.ssr?.moduleGraph;
        const registry = graph?.getModuleById(RESOLVED + REGISTRY_ID);
        if (graph && registry) graph.invalidateModule(registry);
      });
      // After Vite's own middlewares, right before it sends a page: prerendered regions.
      return () => {
        server.middlewares.use(prerenderDevPages(endpoint.liveview));
      };
    },
    async configurePreviewServer(server) {
      const clientDir = resolve(config.root, config.build.outDir);
      await startPreviewEndpoint(server, {
        clientDir,
        serverDir: resolve(clientDir, "..", SERVER_DIR),
        data: settings(),
        isHostAllowed: createHostCheck(config, true),
      });
    },
    async writeBundle() {
      const environment = this.environment;
      const outDir = resolve(config.root, environment.config.build.outDir);
      if (environment.name === "client") {
        await precompress(outDir);
        releaseBuildId(config.root, "client");
        return;
      }
      if (environment.name !== "ssr") return;
      releaseBuildId(config.root, "ssr");
      writeServerOutput(config.root, outDir, {
        ...(buildId === undefined ? {} : { buildId }),
        templates: resolved.templates,
        locales: resolved.locales,
        assetsDir: config.build.assetsDir,
        options: pickDataOptions(resolved.data),
      });
      if (resolved.checkNames === false) return;
      try {
        const lines = await checkBuiltNames(
          nameCheck(),
          outDir,
          resolved.checkNames,
        );
        for (const line of lines) config.logger.warn(`[liveview] ${line}`);
      } catch (error) {
        this.error(error instanceof Error ? error.message : String(error));
      }
    },
  };
}
