import { join } from "node:path";
import { inject } from "vitest";
import { signedRoom, TEST_SECRET } from "./rooms.ts";
import { createBuilder } from "vite";
import liveview, { type LiveViewPluginOptions } from "../../plugin/index.ts";
import { freePort, startProcess, type RunningProcess } from "./process.ts";
import { createRecordingLogger } from "./vite.ts";

const repo = join(import.meta.dirname, "..", "..");

/** The compiled `liveview` command of this run (test/setup/package.ts). */
export function liveviewBin(): string {
  return join(inject("packageDir"), "dist", "bin", "liveview.js");
}

/** `vite build` of a project, in process. */
export async function buildApp(
  root: string,
  options: LiveViewPluginOptions = {},
): Promise<void> {
  const builder = await createBuilder({
    root,
    configFile: false,
    customLogger: createRecordingLogger(),
    plugins: [liveview(options)],
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
  cwd = repo,
): Promise<ServeProcess> {
  const port = await freePort();
  const serve = startProcess(
    process.execPath,
    [
      liveviewBin(),
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
      cwd,
      env: { LIVEVIEW_LOG_LEVEL: "info", LIVEVIEW_SECRET: TEST_SECRET, ...env },
    },
  );
  return {
    ...serve,
    port,
    // Signed with the test secret, unless the test chose the environment's secret itself.
    socketUrl: (room = "room-1") =>
      `ws://127.0.0.1:${port}/ws/liveview/${"LIVEVIEW_SECRET" in env ? room : signedRoom(room)}/`,
  };
}

/** Starts the serve command and waits until it listens (with `--workers N`, every worker). */
export async function startServeReady(
  dist: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  cwd = repo,
): Promise<ServeProcess> {
  const serve = await startServe(dist, args, env, cwd);
  // Every worker says it serves; tests that spread pages over workers need all of them up.
  const at = args.indexOf("--workers");
  const workers = at === -1 ? 1 : Number(args[at + 1]);
  await serve.waitForOutput(
    new RegExp(`(Serving [^\n]* on http[^]*){${workers}}`),
  );
  return serve;
}
