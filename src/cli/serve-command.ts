import cluster from "node:cluster";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { applyEnvironment, type DataOptions } from "../data-options.ts";
import { resolveRoomSecret } from "../room-token.ts";
import { createConsoleLogger, type Logger } from "../logger.ts";
import { MANIFEST_FILE, parseManifest } from "../production/bundle.ts";
import { loadProductionEnv } from "../production/env.ts";
import { startServer } from "../production/server.ts";
import {
  aggregateWorkerMetrics,
  clusterMetricsFrom,
} from "./cluster-metrics.ts";
import {
  assertWorkersHaveRedis,
  parseServeArgs,
  type ServeArgs,
} from "./args.ts";

const WORKER_FLAG = "LIVEVIEW_CLUSTER_WORKER";
/** How long running handlers get to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** The options vite.config wrote into the build, with the environment over them. */
function builtOptions(args: ServeArgs): DataOptions {
  const file = join(resolve(args.dist), "server", MANIFEST_FILE);
  if (!existsSync(file)) return applyEnvironment({});
  const manifest = parseManifest(readFileSync(file, "utf8"), file);
  return applyEnvironment(manifest.options ?? {});
}

/** `liveview serve`: resolves with an exit code on a usage error, else keeps serving. */
export async function serveCommand(
  argv: string[],
): Promise<number | undefined> {
  const isWorker = Boolean(process.env[WORKER_FLAG]);
  // Workers inherit the primary's environment, .env files included.
  const envFiles = isWorker ? [] : loadProductionEnv(process.cwd());
  // Every line of the command, usage errors included, goes through one logger, so
  // LIVEVIEW_LOG_FORMAT=json (set in the environment or a .env file) holds for all of them.
  const logger = createConsoleLogger();
  if (envFiles.length) logger.info(`Loaded ${envFiles.join(", ")}`);
  let args;
  try {
    args = parseServeArgs(argv);
  } catch (error) {
    logger.error(
      `liveview serve: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  if (args.workers > 1 && cluster.isPrimary && !isWorker) {
    const built = builtOptions(args);
    try {
      assertWorkersHaveRedis(args.workers, args.redis ?? built.redis);
    } catch (error) {
      logger.error(`liveview serve: ${(error as Error).message}`);
      return 2;
    }
    // The workers must sign and verify rooms alike: one secret for all, made here if none is set.
    if (built.roomSecret === undefined) {
      process.env.LIVEVIEW_SECRET = resolveRoomSecret(undefined);
      logger.warn(
        "No LIVEVIEW_SECRET: the workers share a random secret made at start. Servers on " +
          "several machines, or restarts that pages should survive, need one shared LIVEVIEW_SECRET.",
      );
    }
    if (args.metrics ?? built.metrics) aggregateWorkerMetrics();
    superviseWorkers(args.workers, logger);
    return undefined;
  }
  const server = await startServer({
    dist: args.dist,
    port: args.port,
    host: args.host,
    redis: args.redis,
    trustProxy: args.trustProxy,
    metrics: args.metrics,
    logger,
    metricsFrom: isWorker ? clusterMetricsFrom : undefined,
  });
  onShutdownSignal(logger, async () => {
    logger.info(
      "Shutting down: closing sockets (1001) and finishing running handlers",
    );
    await server.close();
  });
  return undefined;
}

function onShutdownSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handle = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error("Shutdown failed", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", handle);
  process.once("SIGINT", handle);
}

/**
 * The primary process: forks the workers, restarts one that crashes while serving, and stops
 * them on SIGTERM. A worker that dies before it listens (a broken build, a start() that throws)
 * would die again: the primary stops with an error instead of restarting it in a loop.
 */
function superviseWorkers(count: number, logger: Logger): void {
  let stopping = false;
  let exitCode = 0;
  const listening = new Set<number>();
  const fork = () => cluster.fork({ [WORKER_FLAG]: "1" });
  for (let i = 0; i < count; i++) fork();
  cluster.on("listening", (worker) => listening.add(worker.id));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0)
        process.exit(exitCode);
      return;
    }
    if (!listening.has(worker.id)) {
      logger.error(
        `Worker ${worker.process.pid} failed to start (${signal ?? code}); stopping`,
        undefined,
        { worker: worker.process.pid },
      );
      stopping = true;
      exitCode = 1;
      for (const other of Object.values(cluster.workers ?? {}))
        other?.process.kill("SIGTERM");
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    listening.delete(worker.id);
    logger.error(
      `Worker ${worker.process.pid} exited (${signal ?? code}); starting another`,
      undefined,
      { worker: worker.process.pid },
    );
    fork();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {}))
      worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + 1000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
