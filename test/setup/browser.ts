/**
 * One Chromium for every browser test file of the run, and one Vite dev server on playground/ per
 * test worker: starting them per file cost most of the browser suite's time. Two files running at
 * once each see their own server, so one file's broadcasts and uploads never reach the other's
 * pages. Workers connect to Chromium through Playwright's endpoint (test/helpers/browser.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { CHROMIUM_ARGS, requireChromium } from "../helpers/browser.ts";
import { startProcess } from "../helpers/process.ts";
import { buildClientBundle } from "./client-bundle.ts";
import { PLAYGROUND_LISTENING, TEST_WORKERS } from "./workers.ts";

const REPO = join(import.meta.dirname, "..", "..");
const VITE = join(REPO, "node_modules", "vite", "bin", "vite.js");
const CONFIG = join(import.meta.dirname, "playground.config.ts");

interface PlaygroundServer {
  url: string;
  uploads: string;
  stop(): Promise<void>;
}

/** `vite` on playground.config.ts in a child process, once it listens. */
async function startPlayground(
  clientBundle: string,
): Promise<PlaygroundServer> {
  // A folder of its own for uploads, so tests can see what the server keeps on disk, and a
  // dependency cache of its own, so two optimizers never write the same files.
  const uploads = mkdtempSync(join(tmpdir(), "liveview-playground-uploads-"));
  const cacheDir = mkdtempSync(join(tmpdir(), "liveview-playground-vite-"));
  const remove = () => {
    rmSync(uploads, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  };
  const vite = startProcess(process.execPath, [VITE, "--config", CONFIG], {
    cwd: REPO,
    env: {
      // Notifications of the playground leave after 1.5 s instead of 3-5 s: tests wait for that.
      PLAYGROUND_NOTIFICATION_MS: "1500",
      LIVEVIEW_TEST_UPLOADS: uploads,
      LIVEVIEW_TEST_CACHE_DIR: cacheDir,
      LIVEVIEW_TEST_CLIENT_BUNDLE: clientBundle,
    },
  });
  try {
    await vite.waitForOutput(PLAYGROUND_LISTENING, 60_000);
  } catch (error) {
    await vite.stop();
    remove();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${PLAYGROUND_LISTENING.exec(vite.output())![1]}`,
    uploads,
    async stop() {
      await vite.stop();
      remove();
    },
  };
}

export default async function setup(
  project: TestProject,
): Promise<() => Promise<void>> {
  const client = mkdtempSync(join(tmpdir(), "liveview-client-bundle-"));
  const [browserServer, servers] = await Promise.all([
    chromium.launchServer({
      executablePath: requireChromium(),
      args: CHROMIUM_ARGS,
    }),
    buildClientBundle(client).then(() =>
      Promise.all(
        Array.from({ length: TEST_WORKERS }, () => startPlayground(client)),
      ),
    ),
  ]);
  project.provide("chromiumEndpoint", browserServer.wsEndpoint());
  project.provide(
    "playgrounds",
    servers.map(({ url, uploads }) => ({ url, uploads })),
  );
  return async () => {
    await browserServer.close();
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(client, { recursive: true, force: true });
  };
}
