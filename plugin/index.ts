import { writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { createFilter, type Plugin, type ResolvedConfig } from "vite";
import {
  injectRoomToken,
  MANIFEST_FILE,
  type BuildManifest,
  type LiveViewServer,
} from "../src/index.ts";
import {
  buildConfig,
  copyServerAssets,
  SERVER_DIR,
  setServerEntry,
} from "./build.ts";
import { startDevEndpoint } from "./dev-server.ts";
import { resolvePluginOptions, type LiveViewPluginOptions } from "./options.ts";
import { startPreviewEndpoint } from "./preview.ts";
import { fromSource, sourceAliases } from "./source.ts";
import {
  CLIENT_ID,
  CLIENT_PACKAGE,
  clientModuleCode,
  REGISTRY_ID,
  registryModuleCode,
  wrapHandlerModule,
} from "./virtual.ts";

export type { LiveViewPluginOptions } from "./options.ts";

/** What the plugin exposes to hosts that run Vite in middleware mode (no httpServer of its own). */
export interface LiveViewPluginApi {
  /** Serves the LiveView endpoint on the host's HTTP server. */
  attach(httpServer: Parameters<LiveViewServer["attach"]>[0]): () => void;
}

const RESOLVED = "\0";

/** `plugins: [liveview()]`: handler files, the WebSocket endpoint and the client, in one line. */
export default function liveview(
  options: LiveViewPluginOptions = {},
): Plugin<LiveViewPluginApi> {
  const resolved = resolvePluginOptions(options);
  let config: ResolvedConfig;
  let isHandlerFile: (id: string) => boolean = () => false;
  let devServer: LiveViewServer | undefined;

  const serverOptions = () => ({
    ...resolved.server,
    redis: resolved.redis,
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
        return devServer.attach(httpServer);
      },
    },
    config(userConfig, env) {
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
      const filter = createFilter(resolved.components, "**/_*", {
        resolve: config.root,
      });
      isHandlerFile = (id) => filter(id.split("?")[0] ?? id);
    },
    resolveId(id) {
      if (id === REGISTRY_ID || id === CLIENT_ID) return RESOLVED + id;
      return undefined;
    },
    load(id) {
      if (id === RESOLVED + REGISTRY_ID)
        return registryModuleCode(resolved.components);
      if (id === RESOLVED + CLIENT_ID) return clientModuleCode(options.path);
      return undefined;
    },
    transform(code, id) {
      if (this.environment?.name === "client" || !isHandlerFile(id))
        return undefined;
      const file = relative(config.root, id.split("?")[0] ?? id);
      return { code: wrapHandlerModule(code, file), map: null };
    },
    transformIndexHtml: {
      order: "pre",
      handler(html) {
        const tags = [
          {
            tag: "script",
            attrs: { type: "module" },
            children: `import ${JSON.stringify(CLIENT_ID)};`,
            injectTo: "body" as const,
          },
        ];
        // With a room secret, each page load gets its own signed room.
        const secret = resolved.server.roomSecret;
        if (!secret || config.command === "build") return tags;
        return { html: injectRoomToken(html, secret), tags };
      },
    },
    configureServer(server) {
      if (config.experimental?.bundledDev) {
        throw new Error(
          "vite-plugin-liveview does not support experimental.bundledDev",
        );
      }
      const { liveview } = startDevEndpoint(server, serverOptions());
      devServer = liveview;
      const httpServer = server.httpServer;
      if (httpServer) {
        const detach = liveview.attach(httpServer);
        httpServer.once("close", () => {
          detach();
          void liveview.close();
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
    },
    async configurePreviewServer(server) {
      const clientDir = resolve(config.root, config.build.outDir);
      const serverDir = resolve(clientDir, "..", SERVER_DIR);
      await startPreviewEndpoint(server, clientDir, serverDir, serverOptions());
    },
    writeBundle() {
      if (this.environment?.name !== "ssr") return;
      const outDir = resolve(config.root, this.environment.config.build.outDir);
      copyServerAssets(config.root, outDir, [
        resolved.templates,
        resolved.locales,
      ]);
      const manifest: BuildManifest = {
        templates: resolved.templates,
        locales: resolved.locales,
        ...(options.path === undefined ? {} : { path: options.path }),
        ...(options.defaultLanguage === undefined
          ? {}
          : { defaultLanguage: options.defaultLanguage }),
      };
      writeFileSync(
        join(outDir, MANIFEST_FILE),
        JSON.stringify(manifest, null, 2),
      );
    },
  };
}
