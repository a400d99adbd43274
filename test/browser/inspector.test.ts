import { describe, expect, it } from "vitest";
import { poll, text, usePlayground } from "./playground.ts";

describe("the dev inspector at /__liveview/ in Chromium", () => {
  const playground = usePlayground();

  it("lists handlers with their files, and shows another tab's click as frames in and out, live", async () => {
    const inspector = await playground.open("/__liveview/");
    const { page } = inspector;
    await poll(() =>
      text(page, '#lv-handlers tr[data-handler="say_hello"]'),
    ).toBe("say_hello liveview_components/hello.ts");
    const app = await playground.open("/");
    await poll(() =>
      page.locator("#lv-connections tr[data-connection]").count(),
    ).toBeGreaterThan(0);
    await app.page.fill('input[name="name"]', "Ada");
    await app.page.click('button[data-liveview-function="say_hello"]');
    const call = page.locator(
      '#lv-frames tr[data-direction="in"][data-summary="say_hello"]',
    );
    // The row gets its handler's time once the handler settled.
    await poll(() => call.first().innerText()).toMatch(/\d+ B\s+\d+\.\d\d ms/);
    const answer = page.locator(
      '#lv-frames tr[data-direction="out"][data-summary^="#greeting"]',
    );
    await poll(() => answer.count()).toBeGreaterThan(0);
    await page.click('button[data-liveview-function="inspector_clear"]');
    await poll(() => text(page, "#lv-frames")).toContain("No frame yet");
    expect(inspector.console).toEqual([]);
    expect(app.console).toEqual([]);
  });
});
