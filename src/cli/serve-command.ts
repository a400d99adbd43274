import cluster from "node:cluster";
import { startProductionServer } from "../production/server.ts";
import { createConsoleLogger } from "../logger.ts";
import { parseServeArgs } from "./args.ts";

const WORKER_FLAG = "LIVEVIEW_CLUSTER_WORKER";
/** How long running handlers get to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `liveview serve`: resolves with an exit code on a usage error, else keeps serving. */
export async function serveCommand(
  argv: string[],
): Promise<number | undefined> {
  let args;
  try {
    args = parseServeArgs(argv);
  } catch (error) {
    console.error(
      `liveview serve: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  if (args.workers > 1 && cluster.isPrimary && !process.env[WORKER_FLAG]) {
    superviseWorkers(args.workers);
    return undefined;
  }
  const logger = createConsoleLogger();
  const server = await startProductionServer({ ...args, logger });
  onShutdownSignal(async () => {
    logger.info(
      "Shutting down: closing sockets (1001) and finishing running handlers",
    );
    await server.close();
  });
  return undefined;
}

function onShutdownSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handle = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", handle);
  process.once("SIGINT", handle);
}

/** The primary process: forks the workers, restarts crashed ones, and stops them on SIGTERM. */
function superviseWorkers(count: number): void {
  let stopping = false;
  const fork = () => cluster.fork({ [WORKER_FLAG]: "1" });
  for (let i = 0; i < count; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(
      `[liveview] worker ${worker.process.pid} exited (${signal ?? code}); starting another`,
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
