// Prometheus figures of one server: what metric-counts.ts counts as messages pass, turned into
// series by prom-client (loaded only when metrics are on) when /metrics is scraped, beside
// Node's default metrics.
import type { Aggregator, Metric, Registry } from "prom-client";
import {
  createMetricCounts,
  DURATION_BOUNDS,
  PUBLISH_KINDS,
  type CallStats,
} from "./metric-counts.ts";
import { collectNodeMetrics } from "./node-metrics.ts";
import type { ServerObserver } from "./observer.ts";
import { ERROR_CODES } from "./protocol.ts";

/** The metrics of a server made with `metrics: true`. */
export interface LiveViewMetrics {
  /** Content-Type of the scrape's text (Prometheus text format 0.0.4). */
  readonly contentType: string;
  /** The Prometheus text: this server's series and Node's default metrics. */
  scrape(): Promise<string>;
  /** The prom-client registry behind it: metrics of your own registered here are served too. */
  readonly registry: Promise<Registry>;
}

/** What the server tells the metrics at scrape time. */
export interface MetricsSource {
  connections(): number;
  /** Bytes written to pages' sockets and not yet sent. */
  bufferedBytes(): number;
  /** Undefined without Redis. */
  redisUp(): boolean | undefined;
  /** The registered handler names: each has its series from the start. */
  handlerNames(): readonly string[];
}

const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

interface Sample {
  value: number;
  labels: Record<string, string>;
  metricName?: string;
}

interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  /** How `--workers` figures combine: summed, or the lowest (Redis up only if up everywhere). */
  aggregator: Aggregator;
  samples(): Sample[];
}

/**
 * A family as prom-client's registry reads a metric: it calls get() at scrape time, and the
 * cluster aggregation combines what get() returned by `aggregator`.
 */
function toMetric(family: Family): Metric {
  const { samples, ...meta } = family;
  return {
    ...meta,
    get: async () => ({ ...meta, values: samples() }),
    reset() {},
  } as unknown as Metric;
}

/** One handler's buckets as Prometheus reads a histogram: cumulative, then sum and count. */
function histogramSamples(name: string, stats: CallStats): Sample[] {
  const family = "liveview_handler_duration_seconds";
  const labels = { function: name };
  let count = 0;
  const samples: Sample[] = stats.buckets.map((calls, index) => {
    count += calls;
    const le =
      index < DURATION_BOUNDS.length ? String(DURATION_BOUNDS[index]) : "+Inf";
    return {
      metricName: `${family}_bucket`,
      labels: { ...labels, le },
      value: count,
    };
  });
  samples.push(
    { metricName: `${family}_sum`, labels, value: stats.sum },
    { metricName: `${family}_count`, labels, value: count },
  );
  return samples;
}

export interface CreatedMetrics {
  observer: ServerObserver;
  metrics: LiveViewMetrics;
}

export function createMetrics(source: MetricsSource): CreatedMetrics {
  const counts = createMetricCounts();
  // Handlers registered since the last scrape (a dev edit) get their series at 0.
  const perCall = (pick: (name: string, stats: CallStats) => Sample[]) => () =>
    [...counts.calls(source.handlerNames())].flatMap(([name, stats]) =>
      pick(name, stats),
    );
  const families: Family[] = [
    {
      name: "liveview_connections",
      help: "Open LiveView sockets.",
      type: "gauge",
      aggregator: "sum",
      samples: () => [{ value: source.connections(), labels: {} }],
    },
    {
      name: "liveview_messages_total",
      help: 'Messages handled, by handler ("unknown" when no handler has the name) and outcome (ok, error).',
      type: "counter",
      aggregator: "sum",
      samples: perCall((name, stats) => [
        { value: stats.ok, labels: { function: name, outcome: "ok" } },
        { value: stats.error, labels: { function: name, outcome: "error" } },
      ]),
    },
    {
      name: "liveview_handler_duration_seconds",
      help: "Time from a message's dispatch to its ack or error, by handler.",
      type: "histogram",
      aggregator: "sum",
      samples: perCall(histogramSamples),
    },
    {
      name: "liveview_errors_total",
      help: "Error frames sent, by code.",
      type: "counter",
      aggregator: "sum",
      samples: () =>
        ERROR_CODES.map((code) => ({
          value: counts.errors[code],
          labels: { code },
        })),
    },
    {
      name: "liveview_broadcasts_total",
      help: "Group messages this server published, by kind (broadcast, room, event, disconnect).",
      type: "counter",
      aggregator: "sum",
      samples: () =>
        PUBLISH_KINDS.map((kind) => ({
          value: counts.published[kind],
          labels: { kind },
        })),
    },
    {
      name: "liveview_buffered_bytes",
      help: "Bytes written to sockets and not yet sent to their pages.",
      type: "gauge",
      aggregator: "sum",
      samples: () => [{ value: source.bufferedBytes(), labels: {} }],
    },
  ];
  if (source.redisUp() !== undefined) {
    families.push({
      name: "liveview_redis_up",
      help: "1 while both Redis connections are ready, else 0.",
      type: "gauge",
      aggregator: "min",
      samples: () => [{ value: source.redisUp() ? 1 : 0, labels: {} }],
    });
  }

  // Loaded at once, so Node's default metrics (GC, event loop lag) cover the process from its
  // start, and only here: a server without metrics never loads prom-client.
  const registry = import("prom-client").then(
    ({ Registry, collectDefaultMetrics }) => {
      const created = new Registry();
      for (const family of families) created.registerMetric(toMetric(family));
      collectNodeMetrics(created, collectDefaultMetrics);
      return created;
    },
  );
  return {
    observer: counts.observer,
    metrics: {
      contentType: CONTENT_TYPE,
      registry,
      scrape: async () => (await registry).metrics(),
    },
  };
}
