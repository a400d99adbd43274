import type { Page } from "playwright-core";
import { describe, expect, it, onTestFinished } from "vitest";
import { openPage } from "../helpers/browser.ts";
import { poll, text, texts, usePlayground } from "./playground.ts";

/** The messages the page sends on its LiveView socket, as the server receives them. */
function recordCalls(page: Page): { function: string; url: string }[] {
  const calls: { function: string; url: string }[] = [];
  page.on("websocket", (socket) => {
    if (!socket.url().includes("/ws/liveview/")) return;
    socket.on("framesent", ({ payload }) => {
      calls.push(JSON.parse(String(payload)) as (typeof calls)[number]);
    });
  });
  return calls;
}

describe("server-rendered first paint of the playground in Chromium", () => {
  const playground = usePlayground();

  async function openWithoutJavaScript(path: string): Promise<Page> {
    const context = await playground.browser.newContext({
      javaScriptEnabled: false,
    });
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await page.goto(playground.url(path));
    return page;
  }

  it("shows the first posts and the linked profile with JavaScript off", async () => {
    const posts = await openWithoutJavaScript("/examples/posts/");
    const titles = await texts(posts, "#posts-container .post h3");
    expect(titles).toHaveLength(10);
    expect(titles[0]).toBe("Post 1: Handlers");
    expect(await texts(posts, "#posts-pager button")).toEqual(["Load more"]);

    const profile = await openWithoutJavaScript(
      "/examples/navigation/?profile=grace",
    );
    expect(await text(profile, "#main-content h3")).toBe("Grace Hopper");
    expect(await profile.title()).toBe("Grace Hopper - Profile");
  });

  it("Load more: the first page is there at first paint and load_more_posts is not called for it again", async () => {
    const { page, console } = await openPage(playground.browser);
    onTestFinished(() => page.context().close());
    const calls = recordCalls(page);
    await page.goto(playground.url("/examples/posts/"));
    const titles = () => texts(page, "#posts-container .post h3");
    expect(await titles()).toHaveLength(10);

    await page.getByRole("button", { name: "Load more" }).click();
    await poll(async () => (await titles()).length).toBe(20);
    expect(new Set(await titles()).size).toBe(20);
    // Sent in order: an init call would have gone before the click's.
    expect(calls).toEqual([
      expect.objectContaining({
        function: "load_more_posts",
        form: { page: "2" },
        url: "/examples/posts/",
      }),
    ]);
    expect(console).toEqual([]);
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
