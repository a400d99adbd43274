import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./procs.mjs";

/** A private redis-server pinned to `core` beside the servers, keeping nothing on disk. */
export async function startRedis(core) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "bench-redis-"));
  const child = spawn(
    "taskset",
    [
      "-c",
      String(core),
      "redis-server",
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
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  process.on("exit", () => child.kill("SIGKILL"));
  await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (/Ready to accept/.test(out)) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`redis-server exited ${code}: ${out}`)),
    );
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => child.kill("SIGKILL"),
  };
}
