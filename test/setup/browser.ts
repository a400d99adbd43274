/**
 * One Chromium and one Vite dev server on playground/ for every browser test file of the run:
 * starting them per file cost most of the browser suite's time. Files connect to Chromium through
 * Playwright's endpoint and open fresh contexts, so pages never share storage.
 */
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { CHROMIUM_ARGS, requireChromium } from "../helpers/browser.ts";
import { startDevServer } from "../helpers/vite.ts";

const PLAYGROUND = join(import.meta.dirname, "..", "..", "playground");

export default async function setup(
  project: TestProject,
): Promise<() => Promise<void>> {
  // Notifications of the playground leave after 1.5 s instead of 3-5 s: tests wait for that.
  process.env.PLAYGROUND_NOTIFICATION_MS = "1500";
  const [browserServer, dev] = await Promise.all([
    chromium.launchServer({
      executablePath: requireChromium(),
      args: CHROMIUM_ARGS,
    }),
    startDevServer(PLAYGROUND),
  ]);
  project.provide("chromiumEndpoint", browserServer.wsEndpoint());
  project.provide("playgroundUrl", dev.httpUrl(""));
  return async () => {
    await browserServer.close();
    await dev.close();
  };
}
