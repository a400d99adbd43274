import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort, startProcess, type RunningProcess } from "./process.ts";

export interface TestRedis {
  port: number;
  url: string;
  /** Stops the server (as an outage would). */
  stop(): Promise<void>;
  /** Starts it again on the same port (no-op while it runs). */
  start(): Promise<void>;
}

function requireRedisServer(): void {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error(
      "These tests need redis-server on PATH (Debian: apt-get install redis-server; .ci/run installs it)",
    );
  }
}

/** A private redis-server on a spare loopback port that keeps nothing on disk. */
export async function startRedis(): Promise<TestRedis> {
  requireRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "liveview-redis-"));
  let process: RunningProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;

  async function start(): Promise<void> {
    if (process) return;
    process = startProcess(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
      ],
      { cwd: dir },
    );
    await process.waitForOutput(/Ready to accept connections/, 10_000);
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    await probe.connect();
    await probe.ping();
    probe.disconnect();
  }

  await start();
  return {
    port,
    url,
    async stop() {
      const running = process;
      process = undefined;
      await running?.stop("SIGKILL");
    },
    start,
  };
}
