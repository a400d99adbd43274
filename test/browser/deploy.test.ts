/** A page left open across a deploy reloads once onto the new build (close code 4409). */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPage } from "../helpers/browser.ts";
import { freePort } from "../helpers/process.ts";
import {
  buildApp,
  startServeReady,
  type ServeProcess,
} from "../helpers/serve.ts";
import { copyFixture } from "../helpers/vite.ts";
import { poll } from "./playground.ts";

describe("a deploy under an open page, in Chromium", () => {
  let app: ReturnType<typeof copyFixture>;
  let serve: ServeProcess | undefined;

  beforeAll(async () => {
    app = copyFixture();
  }, 60_000);
  afterAll(async () => {
    await serve?.stop("SIGKILL");
    app?.remove();
  });

  it("reloads the page once onto the new build, and it works there", async () => {
    const port = await freePort();
    const dist = join(app.root, "dist");
    await buildApp(app.root);
    serve = await startServeReady(dist, ["--port", String(port)]);
    const { page, context } = await openPage();
    // Reconnect sooner than the 3 s default and keep trying every second while the new build is
    // made (slow on a busy machine), so the test does not sit waiting.
    await page.addInitScript(() => {
      (window as { webSocketConfig?: unknown }).webSocketConfig = {
        reconnect: { initialDelay: 200, maxDelay: 1000, maxAttempts: 1000 },
      };
    });
    try {
      let loads = 0;
      page.on("load", () => (loads += 1));
      const scripts = new Set<string>();
      page.on("request", (request) => {
        if (request.url().includes("/assets/")) scripts.add(request.url());
      });
      await page.goto(`http://127.0.0.1:${port}/`);
      const greet = async () => {
        await page.fill('input[name="name"]', "Deploy");
        await page.click('button[data-liveview-function="say_hello"]');
        await poll(() => page.textContent("#greeting")).toContain(
          "Hello, Deploy!",
        );
      };
      await greet();
      expect(loads).toBe(1);
      const before = new Set(scripts);

      // The deploy: a new build replaces the old, on the same address.
      await serve.stop("SIGTERM");
      await buildApp(app.root);
      serve = await startServeReady(dist, ["--port", String(port)]);

      await poll(() => loads).toBe(2);
      await greet();
      expect([...scripts].some((url) => !before.has(url))).toBe(true);
      expect(loads).toBe(2);
    } finally {
      await context.close();
    }
  }, 60_000);
});
