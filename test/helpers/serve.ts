import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { createBuilder } from "vite";
import liveview from "../../plugin/index.ts";
import { freePort, startProcess, type RunningProcess } from "./process.ts";
import { createRecordingLogger } from "./vite.ts";

const repo = join(import.meta.dirname, "..", "..");
const bin = join(repo, "dist", "bin", "liveview.js");

/** Compiles this package (dist/) unless it is newer than every source file it comes from. */
export function buildPackage(): void {
  if (existsSync(bin)) {
    const built = statSync(bin).mtimeMs;
    const sources = execFileSync(
      "git",
      [
        "ls-files",
        "-co",
        "--exclude-standard",
        "src",
        "plugin",
        "client",
        "bin",
      ],
      { cwd: repo, encoding: "utf8" },
    )
      .split("\n")
      .filter(Boolean);
    if (
      sources.every(
        (file) =>
          !existsSync(join(repo, file)) ||
          statSync(join(repo, file)).mtimeMs < built,
      )
    )
      return;
  }
  execFileSync("npm", ["run", "build"], { cwd: repo, stdio: "ignore" });
}

/** `vite build` of a project, in process. */
export async function buildApp(root: string): Promise<void> {
  const builder = await createBuilder({
    root,
    configFile: false,
    customLogger: createRecordingLogger(),
    plugins: [liveview()],
  });
  await builder.buildApp();
}

export interface ServeProcess extends RunningProcess {
  port: number;
  socketUrl(room?: string): string;
}

/** `liveview serve` as a real process on a spare port. */
export async function startServe(
  dist: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServeProcess> {
  const port = await freePort();
  const serve = startProcess(
    process.execPath,
    [
      bin,
      "serve",
      "--dist",
      dist,
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
      ...args,
    ],
    {
      cwd: repo,
      env: { LIVEVIEW_LOG_LEVEL: "info", ...env },
    },
  );
  return {
    ...serve,
    port,
    socketUrl: (room = "room-1") =>
      `ws://127.0.0.1:${port}/ws/liveview/${room}/`,
  };
}

/** Starts the serve command and waits until it listens. */
export async function startServeReady(
  dist: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServeProcess> {
  const serve = await startServe(dist, args, env);
  await serve.waitForOutput(/Serving .* on http/);
  return serve;
}
