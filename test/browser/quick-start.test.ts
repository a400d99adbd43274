import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage } from "../helpers/browser.ts";
import { startDevServer, type DevServer } from "../helpers/vite.ts";

const playground = join(import.meta.dirname, "..", "..", "playground");

describe("the playground's quick start in Chromium", () => {
  let dev: DevServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    dev = await startDevServer(playground);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await dev?.close();
  });

  it("types a name, clicks Say hello and sees the greeting rendered by the server", async () => {
    const { page, context, console } = await openPage(browser.browser);
    await page.goto(dev.httpUrl("/"));
    await page.fill('input[name="name"]', "Ada");
    await page.click('button[data-liveview-function="say_hello"]');
    await expect
      .poll(() => page.textContent("#greeting"))
      .toContain("Hello, Ada!");
    expect(console).toEqual([]);
    await context.close();
  });
});
