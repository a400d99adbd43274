import { describe, expect, it } from "vitest";
import { poll, usePlayground } from "./playground.ts";

describe("the playground's quick start in Chromium", () => {
  const playground = usePlayground();

  it("types a name, clicks Say hello and sees the greeting rendered by the server", async () => {
    const { page, console } = await playground.open("/");
    await page.fill('input[name="name"]', "Ada");
    await page.click('button[data-liveview-function="say_hello"]');
    await poll(() => page.textContent("#greeting")).toContain("Hello, Ada!");
    expect(console).toEqual([]);
  });
});
