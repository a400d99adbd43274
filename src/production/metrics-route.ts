// GET /metrics: the Prometheus text of a server with metrics on, answered alike by
// `liveview serve`, `vite preview` and `vite dev`.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger.ts";
import type { LiveViewMetrics } from "../metrics.ts";

export const METRICS_PATH = "/metrics";

/** Where the text comes from: the server's own metrics, or (a worker) the whole cluster's. */
export type MetricsScrape = Pick<LiveViewMetrics, "contentType" | "scrape">;

/**
 * Answers a GET or HEAD of /metrics and returns true; returns false for every other request,
 * and always without metrics, so an app's own /metrics route still answers then.
 */
export function serveMetrics(
  request: IncomingMessage,
  response: ServerResponse,
  metrics: MetricsScrape | undefined,
  logger: Logger,
): boolean {
  if (!metrics) return false;
  const pathname = (request.url ?? "/").split("?")[0];
  if (pathname !== METRICS_PATH) return false;
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  response.setHeader("Cache-Control", "no-store");
  metrics.scrape().then(
    (text) => {
      response.setHeader("Content-Type", metrics.contentType);
      response.end(request.method === "HEAD" ? undefined : text);
    },
    (error: unknown) => {
      logger.error("Could not collect the metrics", error);
      response.statusCode = 503;
      response.setHeader("Content-Type", "text/plain; charset=utf-8");
      response.end("Metrics unavailable\n");
    },
  );
  return true;
}
