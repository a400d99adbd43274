import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { applyEnvironment, type DataOptions } from "../data-options.ts";
import { createEntryHost } from "../entry-host.ts";
import { createConsoleLogger, type Logger } from "../logger.ts";
import type { LiveViewServerOptions } from "../options.ts";
import { resolveRoomSecret } from "../room-token.ts";
import { assertServerEntry } from "../server-entry.ts";
import type { LiveViewServer } from "../server.ts";
import { loadServerBundle } from "./bundle.ts";
import { refuseDevOnly } from "./dev-only.ts";
import { serveMetrics, type MetricsScrape } from "./metrics-route.ts";
import { createPageTransform } from "./page-transform.ts";
import { createStaticFiles } from "./static-files.ts";

export interface ProductionServerOptions extends Pick<
  LiveViewServerOptions,
  | "allowedOrigins"
  | "maxMessageBytes"
  | "rateLimit"
  | "authenticate"
  | "redis"
  | "roomSecret"
  | "trustProxy"
  | "metrics"
> {
  /** The `vite build` output folder (holding client/ and server/). @default "dist" */
  dist?: string;
  /** @default 3000 */
  port?: number;
  /** @default "0.0.0.0" */
  host?: string;
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
   * to another server, let running handlers finish, then the server entry's teardown.
   */
  close(): Promise<void>;
}

/** What the build says, then the environment, then what the caller passed (flags). */
function settle(
  built: DataOptions | undefined,
  given: ProductionServerOptions,
): DataOptions {
  const fromEnv = applyEnvironment(built ?? {});
  const chosen: DataOptions = { ...fromEnv };
  for (const key of [
    "allowedOrigins",
    "maxMessageBytes",
    "rateLimit",
    "redis",
    "roomSecret",
    "trustProxy",
    "metrics",
  ] as const) {
    if (given[key] !== undefined) Object.assign(chosen, { [key]: given[key] });
  }
  return chosen;
}

/** How long a starting server waits for Redis before it serves without it. */
const SUBSCRIBE_WAIT_MS = 3000;

/**
 * Traffic is taken once broadcasts from the other processes arrive, so nothing published to a
 * page that just connected is lost. Redis being down must not keep the server from starting:
 * after a short wait it serves anyway, and broadcasts cross processes once Redis answers.
 */
async function subscribed(liveview: LiveViewServer, logger: Logger) {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<boolean>((done) => {
    timer = setTimeout(done, SUBSCRIBE_WAIT_MS, false);
  });
  const ready = await Promise.race([liveview.ready.then(() => true), waited]);
  clearTimeout(timer);
  if (!ready)
    logger.warn(
      "Starting before Redis answered: broadcasts stay in this process until it does",
    );
}

/** What `liveview serve` passes besides the public options. */
export interface ServeOptions extends ProductionServerOptions {
  /** With metrics on, where /metrics reads from (a worker asks the primary for every worker's). */
  metricsFrom?: (liveview: LiveViewServer) => MetricsScrape | undefined;
}

/** `liveview serve` as a function: the built pages and the endpoint on one HTTP server. */
export function startProductionServer(
  options: ProductionServerOptions = {},
): Promise<ProductionServer> {
  return startServer(options);
}

export async function startServer(
  options: ServeOptions,
): Promise<ProductionServer> {
  const dist = resolve(options.dist ?? "dist");
  const logger = options.logger ?? createConsoleLogger();
  const healthPath = options.healthPath ?? "/healthz";
  const { bundle, manifest, templates, locales } = await loadServerBundle(
    join(dist, "server"),
  );
  const settings = settle(manifest.options, options);
  if (settings.roomSecret === undefined) {
    settings.roomSecret = resolveRoomSecret(undefined);
    logger.warn(
      "No LIVEVIEW_SECRET: rooms are signed with a random secret made at start. Servers on " +
        "several machines, or restarts that pages should survive, need one shared LIVEVIEW_SECRET.",
    );
  }
  const entry = createEntryHost(logger);
  if (bundle.serverEntry !== undefined) {
    const file = bundle.serverEntryFile ?? "the server entry";
    assertServerEntry(bundle.serverEntry, file);
    // A failing start() stops the server before it takes any traffic.
    await entry.replace(bundle.serverEntry).catch((error: unknown) => {
      throw new Error(
        `${file}: start() failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    });
  }
  const liveview = bundle.createLiveViewServer({
    ...settings,
    authenticate:
      options.authenticate ?? ((request) => entry.authenticate(request)),
    templates,
    locales,
    logger,
    buildId: manifest.buildId,
  });
  const serveStatic = createStaticFiles(join(dist, "client"), {
    assetsDir: manifest.assetsDir,
    transformHtml: createPageTransform(liveview, settings.roomSecret),
  });
  let stopping = false;
  const metrics = liveview.metrics
    ? (options.metricsFrom?.(liveview) ?? liveview.metrics)
    : undefined;

  const http = createServer((request, response) => {
    if (serveMetrics(request, response, metrics, logger)) return;
    if (refuseDevOnly(request, response)) return;
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
    const fail = (error: unknown) => {
      logger.error(`${request.method} ${pathname} failed`, error);
      if (response.headersSent) return void response.destroy();
      response.statusCode = 500;
      response.setHeader("Content-Type", "text/plain; charset=utf-8");
      response.end("Internal Server Error");
    };
    entry.http(request, response, (error) => {
      if (error !== undefined) return fail(error);
      serveStatic(request, response, (missing) => {
        if (missing !== undefined) return fail(missing);
        response.statusCode = 404;
        response.setHeader("Content-Type", "text/plain; charset=utf-8");
        response.end("Not found");
      });
    });
  });
  liveview.attach(http, { exclusive: true });
  await subscribed(liveview, logger);
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
        await entry.stop();
      })();
      return closing;
    },
  };
}
