import { describe, expect, it, onTestFinished } from "vitest";
import { openPage } from "../helpers/browser.ts";
import { poll, recordCalls, text, texts, usePlayground } from "./playground.ts";

describe("server-rendered first paint of the playground in Chromium", () => {
  const playground = usePlayground();

  it("shows the first posts and the linked profile with JavaScript off", async () => {
    const context = await playground.browser.newContext({
      javaScriptEnabled: false,
    });
    onTestFinished(() => context.close());
    const page = await context.newPage();

    await page.goto(playground.url("/examples/posts/"));
    const titles = await texts(page, "#posts-container .post h3");
    expect(titles).toHaveLength(10);
    expect(titles[0]).toBe("Post 1: Handlers");
    expect(await texts(page, "#posts-pager button")).toEqual(["Load more"]);

    await page.goto(playground.url("/examples/navigation/?profile=grace"));
    expect(await text(page, "#main-content h3")).toBe("Grace Hopper");
    expect(await page.title()).toBe("Grace Hopper - Profile");
  });

  it("SPA navigation: a shared link shows its view and title at first paint, and open_route is not called again", async () => {
    const { page, console } = await openPage(playground.browser);
    onTestFinished(() => page.context().close());
    const calls = recordCalls(page);
    await page.goto(playground.url("/examples/navigation/?profile=grace"));
    expect(await text(page, "#main-content h3")).toBe("Grace Hopper");
    expect(await page.title()).toBe("Grace Hopper - Profile");

    await page.getByRole("button", { name: "← All people" }).click();
    await poll(() => text(page, "#main-content h2")).toBe("People");
    expect(calls.map((call) => call.function)).toEqual(["navigate_home"]);
    expect(calls[0]?.url).toBe("/examples/navigation/?profile=grace");
    expect(console).toEqual([]);
  });
});
