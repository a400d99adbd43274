/**
 * One Chromium and one Vite dev server on playground/ for every browser test file of the run:
 * starting them per file cost most of the browser suite's time. Files connect to Chromium through
 * Playwright's endpoint and open fresh contexts, so pages never share storage.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { CHROMIUM_ARGS, requireChromium } from "../helpers/browser.ts";
import { startDevServer } from "../helpers/vite.ts";
import { bundledClient } from "./client-bundle.ts";

const PLAYGROUND = join(import.meta.dirname, "..", "..", "playground");

export default async function setup(
  project: TestProject,
): Promise<() => Promise<void>> {
  // Notifications of the playground leave after 1.5 s instead of 3-5 s: tests wait for that.
  process.env.PLAYGROUND_NOTIFICATION_MS = "1500";
  // A folder of its own for uploads, so tests can see what the server keeps on disk.
  const uploads = mkdtempSync(join(tmpdir(), "liveview-playground-uploads-"));
  const client = mkdtempSync(join(tmpdir(), "liveview-client-bundle-"));
  const [browserServer, dev] = await Promise.all([
    chromium.launchServer({
      executablePath: requireChromium(),
      args: CHROMIUM_ARGS,
    }),
    bundledClient(client).then((plugin) =>
      startDevServer(
        PLAYGROUND,
        { uploads: { dir: uploads } },
        { plugins: [plugin] },
      ),
    ),
  ]);
  project.provide("chromiumEndpoint", browserServer.wsEndpoint());
  project.provide("playgroundUrl", dev.httpUrl(""));
  project.provide("playgroundUploads", uploads);
  return async () => {
    await browserServer.close();
    await dev.close();
    rmSync(uploads, { recursive: true, force: true });
    rmSync(client, { recursive: true, force: true });
  };
}
