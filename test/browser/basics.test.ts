import { describe, expect, it, onTestFinished } from "vitest";
import { poll, recordCalls, text, texts, usePlayground } from "./playground.ts";

describe("the playground's handler and list pages in Chromium", () => {
  const playground = usePlayground();

  it("Handlers: greets the world, greets by name with escaping, renders a profile and the latest article", async () => {
    const { page, console, close } = await playground.open("/examples/hello/");

    await page.getByRole("button", { name: "Say hello" }).click();
    await poll(() => text(page, "#greeting")).toBe("Hello, World!");

    await page.getByPlaceholder("Enter your name").fill("<b>Grace</b>");
    await page.getByRole("button", { name: "Greet me" }).click();
    await poll(() => text(page, "#welcome")).toBe(
      "Hello, <b>Grace</b>! Welcome to LiveView.",
    );
    expect(await page.locator("#welcome b").count()).toBe(0);

    await page.getByLabel("Person").selectOption({ label: "Alan Turing" });
    await page.getByRole("button", { name: "Load profile" }).click();
    await poll(() => text(page, "#profile-container h3")).toBe("Alan Turing");
    expect(await text(page, "#profile-container .badge")).toBe("Online");

    await page.getByRole("button", { name: "Load the latest article" }).click();
    await poll(() => text(page, "#article-container h3")).toBe(
      "TypeScript strict mode",
    );

    expect(console).toEqual([]);
    await close();
  });

  it("Comments: deletes a comment by its data-data-comment-id, and the deletion is kept on the server", async () => {
    const { page, console, close } = await playground.open(
      "/examples/comments/",
    );
    const showComments = page.getByRole("button", { name: "Show comments" });

    await showComments.click();
    await poll(() => page.locator("#comments .comment").count()).toBe(4);
    expect(await text(page, "#comment-count")).toBe("4 comments");

    await page
      .locator("#comment-2")
      .getByRole("button", { name: "Delete" })
      .click();
    await poll(() => page.locator("#comment-2").count()).toBe(0);
    await poll(() => text(page, "#comment-count")).toBe("3 comments");
    expect(await texts(page, "#comments .comment p")).not.toContain(
      "Grace What happens when the socket drops?",
    );

    await page.reload();
    await showComments.click();
    await poll(() => page.locator("#comments .comment").count()).toBe(3);

    await page
      .getByRole("button", { name: "Restore deleted comments" })
      .click();
    await poll(() => page.locator("#comments .comment").count()).toBe(4);
    expect(console).toEqual([]);
    await close();
  });

  it("Load more: the first page is there at first paint (load_more_posts is not called for it again), each click appends the next, and the button goes at the end", async () => {
    const { page, console } = await playground.blank();
    const calls = recordCalls(page);
    await page.goto(playground.url("/examples/posts/"));
    const titles = () => texts(page, "#posts-container .post h3");
    expect(await titles()).toHaveLength(10);

    await page.getByRole("button", { name: "Load more" }).click();
    await poll(async () => (await titles()).length).toBe(20);
    // Sent in order: an init call would have gone before the click's.
    expect(calls).toEqual([
      expect.objectContaining({
        function: "load_more_posts",
        form: { page: "2" },
        url: "/examples/posts/",
      }),
    ]);
    await page.getByRole("button", { name: "Load more" }).click();
    await poll(() => text(page, "#posts-pager")).toBe("That's all: 23 posts.");

    const all = await titles();
    expect(all).toHaveLength(23);
    expect(all[0]).toBe("Post 1: Handlers");
    expect(all[22]).toBe("Post 23: History");
    expect(new Set(all).size).toBe(23);
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(
      0,
    );
    expect(console).toEqual([]);
  });

  it("First paint: the first posts and a linked profile are in the page the server sends, seen with JavaScript off", async () => {
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

  it("Notifications: Dismiss removes each one until the inbox is empty, and they can come back", async () => {
    const { page, console, close } = await playground.open(
      "/examples/notifications/",
    );

    await poll(() => page.locator("#inbox .notification").count()).toBe(3);
    await page
      .locator("#notification-42")
      .getByRole("button", { name: "Dismiss" })
      .click();
    await poll(() => text(page, "#inbox-summary")).toBe(
      "2 unread notifications",
    );
    expect(await page.locator("#notification-42").count()).toBe(0);
    expect(await texts(page, "#inbox .notification p")).toEqual([
      "Grace commented on “HTML over the wire”",
      "Your export is ready to download",
    ]);

    for (const id of [41, 43])
      await page
        .locator(`#notification-${id}`)
        .getByRole("button", { name: "Dismiss" })
        .click();
    await poll(() => text(page, "#inbox-summary")).toBe(
      "All caught up. Bring them back",
    );
    expect(await page.locator("#inbox .notification").count()).toBe(0);

    await page.getByRole("button", { name: "Bring them back" }).click();
    await poll(() => page.locator("#inbox .notification").count()).toBe(3);
    expect(console).toEqual([]);
    await close();
  });
});
