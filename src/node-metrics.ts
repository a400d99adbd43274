// Node's default metrics, from prom-client, all but the GC duration histogram: watching every
// garbage collection (a perf_hooks observer) cost the server 3-4% more CPU per message in the
// bench, where the others cost nothing between scrapes.
import { createRequire } from "node:module";
import type { Registry } from "prom-client";

/** prom-client's default collectors (its lib/defaultMetrics.js), less `gc`. */
const COLLECTORS = [
  "processCpuTotal",
  "processStartTime",
  "osMemoryHeap",
  "processOpenFileDescriptors",
  "processMaxFileDescriptors",
  "eventLoopLag",
  "processResources",
  "processHandles",
  "processRequests",
  "heapSizeAndUsed",
  "heapSpacesSizeAndUsed",
  "version",
];

type Collector = (
  registry: Registry,
  config: { eventLoopMonitoringPrecision: number },
) => void;

/**
 * Registers Node's metrics in `registry`. prom-client lets one take all of its defaults or none,
 * so the collectors are loaded one by one; should its files move (another major version), all
 * defaults are taken, GC durations included, rather than none.
 */
export function collectNodeMetrics(
  registry: Registry,
  collectDefaultMetrics: (config: { register: Registry }) => void,
): void {
  let collectors: Collector[];
  try {
    const load = createRequire(import.meta.url);
    collectors = COLLECTORS.filter(
      (name) =>
        name !== "processResources" ||
        typeof process.getActiveResourcesInfo === "function",
    ).map((name) => load(`prom-client/lib/metrics/${name}.js`) as Collector);
  } catch {
    collectDefaultMetrics({ register: registry });
    return;
  }
  for (const collect of collectors)
    collect(registry, { eventLoopMonitoringPrecision: 10 });
}
