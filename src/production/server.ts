import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { createConsoleLogger, type Logger } from "../logger.ts";
import type { LiveViewServerOptions } from "../options.ts";
import { injectRoomToken } from "../room-token.ts";
import type { LiveViewServer } from "../server.ts";
import { loadServerBundle } from "./bundle.ts";
import { createStaticFiles } from "./static-files.ts";
import { roomSecretFromEnv } from "../room-token.ts";

export interface ProductionServerOptions extends Pick<
  LiveViewServerOptions,
  "allowedOrigins" | "maxMessageBytes" | "rateLimit" | "authenticate" | "redis"
> {
  /** The `vite build` output folder (holding client/ and server/). @default "dist" */
  dist?: string;
  /** @default 3000 */
  port?: number;
  /** @default "0.0.0.0" */
  host?: string;
  /** @default env LIVEVIEW_SECRET */
  roomSecret?: string;
  /** Path of the health endpoint for load balancers. @default "/healthz" */
  healthPath?: string;
  logger?: Logger;
}

export interface ProductionServer {
  readonly http: Server;
  readonly liveview: LiveViewServer;
  readonly port: number;
  readonly url: string;
  /**
   * Graceful stop: refuse new connections, close every socket with 1001 so browsers reconnect
   * to another server, let running handlers finish.
   */
  close(): Promise<void>;
}

/** `liveview serve` as a function: the built pages and the endpoint on one HTTP server. */
export async function startProductionServer(
  options: ProductionServerOptions = {},
): Promise<ProductionServer> {
  const dist = resolve(options.dist ?? "dist");
  const logger = options.logger ?? createConsoleLogger();
  const roomSecret = options.roomSecret ?? roomSecretFromEnv();
  const healthPath = options.healthPath ?? "/healthz";
  const { bundle, manifest, templates, locales } = await loadServerBundle(
    join(dist, "server"),
  );
  const liveview = bundle.createLiveViewServer({
    allowedOrigins: options.allowedOrigins,
    maxMessageBytes: options.maxMessageBytes,
    rateLimit: options.rateLimit,
    authenticate: options.authenticate,
    redis: options.redis,
    roomSecret,
    templates,
    locales,
    logger,
    ...(manifest.path === undefined ? {} : { path: manifest.path }),
    ...(manifest.defaultLanguage === undefined
      ? {}
      : { defaultLanguage: manifest.defaultLanguage }),
  });
  const serveStatic = createStaticFiles(join(dist, "client"), {
    ...(roomSecret
      ? { transformHtml: (html: string) => injectRoomToken(html, roomSecret) }
      : {}),
  });
  let stopping = false;

  const http = createServer((request, response) => {
    const pathname = (request.url ?? "/").split("?")[0];
    if (pathname === healthPath) {
      response.statusCode = stopping ? 503 : 200;
      response.setHeader("Content-Type", "application/json");
      response.setHeader("Cache-Control", "no-store");
      response.end(
        JSON.stringify({
          status: stopping ? "stopping" : "ok",
          clients: liveview.clientCount,
        }),
      );
      return;
    }
    if (serveStatic(request, response)) return;
    response.statusCode = 404;
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.end("Not found");
  });
  liveview.attach(http, { exclusive: true });
  await new Promise<void>((ready, fail) => {
    http.once("error", fail);
    http.listen(options.port ?? 3000, options.host ?? "0.0.0.0", () => {
      http.off("error", fail);
      ready();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const shownHost =
    options.host && options.host !== "0.0.0.0" ? options.host : "localhost";
  logger.info(
    `Serving ${dist} on http://${shownHost}:${port} (${bundle.files.length} handler files)`,
  );

  let closing: Promise<void> | undefined;
  return {
    http,
    liveview,
    port,
    url: `http://${shownHost}:${port}`,
    close() {
      closing ??= (async () => {
        stopping = true;
        const stopped = new Promise<void>((done) => http.close(() => done()));
        await liveview.close();
        http.closeIdleConnections();
        await stopped;
      })();
      return closing;
    },
  };
}
