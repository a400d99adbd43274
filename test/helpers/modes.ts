import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { preview } from "vite";
import liveview, { type LiveViewPluginOptions } from "../../plugin/index.ts";
import { buildApp, startServeReady } from "./serve.ts";
import { createRecordingLogger, startDevServer } from "./vite.ts";

/** One app served one way: `vite dev`, `vite preview` or `liveview serve`. */
export interface AppServer {
  origin: string;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Starters for the three ways a project is served, on the project at `root()`. The options go
 * through vite.config in dev and preview and through the build to `liveview serve` (run in the
 * project, so it reads the project's .env, with `serveEnv` on top); the build runs once, on
 * first need, for both preview and serve.
 */
export function appModes(
  root: () => string,
  options: LiveViewPluginOptions,
  serveEnv: NodeJS.ProcessEnv = {},
): Record<string, () => Promise<AppServer>> {
  let built: Promise<string> | undefined;
  const build = () =>
    (built ??= buildApp(root(), options).then(() => join(root(), "dist")));
  return {
    async "vite dev"() {
      const dev = await startDevServer(root(), options);
      return {
        origin: dev.httpUrl(""),
        logs: () => dev.logs.join("\n"),
        stop: () => dev.close(),
      };
    },
    async "vite preview"() {
      await build();
      const logger = createRecordingLogger();
      const server = await preview({
        root: root(),
        configFile: false,
        customLogger: logger,
        plugins: [liveview(options)],
        preview: { port: 0, host: "127.0.0.1" },
      });
      const port = (server.httpServer.address() as AddressInfo).port;
      return {
        origin: `http://127.0.0.1:${port}`,
        logs: () => logger.lines.join("\n"),
        stop: () => server.close(),
      };
    },
    async "liveview serve"() {
      const serve = await startServeReady(await build(), [], serveEnv, root());
      return {
        origin: `http://127.0.0.1:${serve.port}`,
        logs: serve.output,
        stop: () => serve.stop("SIGTERM").then(() => undefined),
      };
    },
  };
}
