// `liveview serve --metrics --workers N`: a request for /metrics lands on one worker, which asks
// the primary; the primary asks every worker for its figures and answers with them combined by
// prom-client's cluster aggregation (sums, and the lowest Redis up), so one scrape sees all.
import cluster, { type Worker } from "node:cluster";
import type { MetricsScrape } from "../production/metrics-route.ts";
import type { LiveViewServer } from "../server.ts";

/** Worker to primary: "answer my /metrics". */
const SCRAPE = "liveview:metrics-scrape";
/** Primary to each worker: "your figures, please"; and the worker's answer. */
const COLLECT = "liveview:metrics-collect";
const FIGURES = "liveview:metrics-figures";
/** Primary to the asking worker: the combined text. */
const ANSWER = "liveview:metrics-answer";
/** A worker that has not answered by then (busy starting, or dying) is left out of the sum. */
const COLLECT_WAIT_MS = 3000;
const ANSWER_WAIT_MS = 5000;

interface Message {
  type: string;
  id: number;
  metrics?: unknown[];
  text?: string;
  error?: string;
}

function isMessage(value: unknown, type: string): value is Message {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === type &&
    typeof (value as { id?: unknown }).id === "number"
  );
}

/** In the primary: answers each worker's scrape with every worker's figures, combined. */
export function aggregateWorkerMetrics(): void {
  const prom = import("prom-client");
  const collecting = new Map<
    number,
    (worker: Worker, metrics: unknown[]) => void
  >();
  let next = 0;

  async function collect(): Promise<string> {
    const workers = Object.values(cluster.workers ?? {}).filter(
      (worker): worker is Worker => worker?.isConnected() === true,
    );
    const id = next++;
    const figures: unknown[][] = [];
    await new Promise<void>((done) => {
      const timer = setTimeout(done, COLLECT_WAIT_MS);
      const answered = new Set<Worker>();
      collecting.set(id, (worker, metrics) => {
        answered.add(worker);
        figures.push(metrics);
        if (answered.size === workers.length) {
          clearTimeout(timer);
          done();
        }
      });
      for (const worker of workers) worker.send({ type: COLLECT, id });
      if (workers.length === 0) done();
    });
    collecting.delete(id);
    const { AggregatorRegistry } = await prom;
    return AggregatorRegistry.aggregate(figures as never).metrics();
  }

  cluster.on("message", (worker, message: unknown) => {
    if (isMessage(message, FIGURES) && Array.isArray(message.metrics))
      collecting.get(message.id)?.(worker, message.metrics);
    if (!isMessage(message, SCRAPE)) return;
    const answer = (fields: Partial<Message>) => {
      if (worker.isConnected())
        worker.send({ type: ANSWER, id: message.id, ...fields });
    };
    collect().then(
      (text) => answer({ text }),
      (error: unknown) => answer({ error: String(error) }),
    );
  });
}

/** In a worker: answers the primary with its figures, and scrapes through the primary. */
export function clusterMetricsFrom(
  liveview: LiveViewServer,
): MetricsScrape | undefined {
  const own = liveview.metrics;
  if (!own) return undefined;
  const waiting = new Map<number, (answer: Message) => void>();
  let next = 0;
  process.on("message", (message: unknown) => {
    if (isMessage(message, ANSWER)) waiting.get(message.id)?.(message);
    if (!isMessage(message, COLLECT)) return;
    const { id } = message;
    own.registry
      .then((registry) => registry.getMetricsAsJSON())
      .then(
        (metrics) => process.send?.({ type: FIGURES, id, metrics }),
        () => process.send?.({ type: FIGURES, id, metrics: [] }),
      );
  });
  return {
    contentType: own.contentType,
    async scrape() {
      const id = next++;
      const answer = await new Promise<Message>((resolve) => {
        const timer = setTimeout(
          () =>
            resolve({ type: ANSWER, id, error: "no answer from the primary" }),
          ANSWER_WAIT_MS,
        );
        waiting.set(id, (received) => {
          clearTimeout(timer);
          resolve(received);
        });
        process.send?.({ type: SCRAPE, id });
      });
      waiting.delete(id);
      if (answer.text === undefined)
        throw new Error(`Cluster metrics failed: ${answer.error}`);
      return answer.text;
    },
  };
}
