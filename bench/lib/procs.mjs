import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

const CLOCK_TICKS = 100;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
    .split(") ")[1]
    .split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident memory of a process, in bytes. */
export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

const children = new Set();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/**
 * Starts `node script args` pinned to one core (taskset); `started` resolves once it prints a
 * line matching `ready`. Output is kept for results.
 */
export function startPinned(
  core,
  script,
  args = [],
  { ready = /READY/, env = {}, nodeArgs = [], cwd = undefined } = {},
) {
  const child = spawn(
    "taskset",
    ["-c", String(core), process.execPath, ...nodeArgs, script, ...args],
    {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  child.once("exit", () => children.delete(child));
  const exited = new Promise((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  // Load generators print nothing until their result: they pass ready: null and are awaited
  // through result() instead.
  const started =
    ready === null
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`${script} did not start:\n${output}`)),
            20_000,
          );
          const check = () => {
            if (ready.test(output)) {
              clearTimeout(timer);
              child.stdout.off("data", check);
              resolve();
            }
          };
          child.stdout.on("data", check);
          exited.then((code) =>
            reject(new Error(`${script} exited with ${code}:\n${output}`)),
          );
        });
  return {
    child,
    pid: child.pid,
    started,
    exited,
    output: () => output,
    /** The last line of output that parses as JSON: a load generator's result. */
    async result() {
      const code = await exited;
      const line = output
        .trim()
        .split("\n")
        .reverse()
        .find((text) => text.startsWith("{"));
      if (code !== 0 || !line)
        throw new Error(`${script} failed (${code}):\n${output}`);
      return JSON.parse(line);
    },
    stop() {
      child.kill("SIGKILL");
      return exited;
    },
  };
}
