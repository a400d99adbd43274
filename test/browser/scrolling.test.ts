import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { poll, recordCalls, text, texts, usePlayground } from "./playground.ts";

/** Where `selector` is relative to the viewport: "above", "in view" or "below". */
function placeOf(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.bottom <= 0) return "above";
    return box.top >= window.innerHeight ? "below" : "in view";
  });
}

describe("the playground's scrolling and navigation pages in Chromium", () => {
  const playground = usePlayground();

  it("Infinite scroll: loads pages as the sentinel nears the viewport, each item once, then says it is done", async () => {
    const { page, console, close } = await playground.open(
      "/examples/infinite-scroll/",
    );
    const items = () => texts(page, "#items-list .feed-item strong");

    await poll(() => text(page, "#video-status")).toBe("Playing");
    await poll(async () => (await items()).length).toBeGreaterThanOrEqual(10);
    expect((await items()).length).toBeLessThan(50);

    await page.mouse.move(640, 400);
    await poll(async () => {
      await page.mouse.wheel(0, 1500);
      return text(page, "#load-more-trigger");
    }).toBe("All 50 items loaded.");
    const all = await items();
    expect(all).toEqual(
      Array.from({ length: 50 }, (_, index) => `Item ${index + 1}`),
    );

    await poll(() => text(page, "#video-status")).toBe(
      "Paused while out of view",
    );
    await page.keyboard.press("Home");
    await poll(() => text(page, "#video-status")).toBe("Playing");
    expect(console).toEqual([]);
    await close();
  });

  it("Scrolling: details scroll into view, Back to top returns to the top, a search lists the matches", async () => {
    const { page, console, close } = await playground.open(
      "/examples/products/",
    );
    await poll(() => page.locator("#products-list .product").count()).toBe(6);
    expect(await placeOf(page, "#product-details")).toBe("below");

    await page
      .locator(".product", { hasText: "Standing desk" })
      .getByRole("button", { name: "Show details" })
      .click();
    await poll(() => text(page, "#product-details h2")).toBe("Standing desk");
    await poll(() => placeOf(page, "#product-details h2")).toBe("in view");
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Back to top" }).click();
    await poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await poll(() => text(page, "#product-details")).toBe(
      "Pick a product to see its details here.",
    );

    await page.getByPlaceholder("Search products").fill("desk");
    await page.getByRole("button", { name: "Search" }).click();
    await poll(() => texts(page, "#products-list .product h3")).toEqual([
      "Standing desk",
      "Desk lamp",
    ]);
    expect(await text(page, "#products-list > p")).toBe(
      "2 products match “desk”.",
    );
    expect(console).toEqual([]);
    await close();
  });

  it("SPA navigation: url and title follow each view, Back and Forward restore them, a reload keeps the view", async () => {
    const { page, console, close } = await playground.open(
      "/examples/navigation/",
    );
    const home = playground.url("/examples/navigation/");
    const graceUrl = playground.url("/examples/navigation/?profile=grace");

    await poll(() => text(page, "#main-content h2")).toBe("People");
    await expect(page.title()).resolves.toBe("People · LiveView playground");

    await page
      .locator(".person", { hasText: "Grace Hopper" })
      .getByRole("button", { name: "View profile" })
      .click();
    await poll(() => text(page, "#main-content h3")).toBe("Grace Hopper");
    expect(page.url()).toBe(graceUrl);
    await expect(page.title()).resolves.toBe("Grace Hopper - Profile");

    await page.getByRole("button", { name: "← All people" }).click();
    await poll(() => text(page, "#main-content h2")).toBe("People");
    expect(page.url()).toBe(home);
    await expect(page.title()).resolves.toBe("People · LiveView playground");

    await page.goBack();
    await poll(() => text(page, "#main-content h3")).toBe("Grace Hopper");
    expect(page.url()).toBe(graceUrl);
    await expect(page.title()).resolves.toBe("Grace Hopper - Profile");

    await page.goBack();
    await poll(() => text(page, "#main-content h2")).toBe("People");
    expect(page.url()).toBe(home);

    await page.goForward();
    await poll(() => text(page, "#main-content h3")).toBe("Grace Hopper");
    await expect(page.title()).resolves.toBe("Grace Hopper - Profile");

    // Restored content works like the page it came from: its buttons still call the server.
    await page.getByRole("button", { name: "← All people" }).click();
    await poll(() => text(page, "#main-content h2")).toBe("People");
    await page
      .locator(".person", { hasText: "Alan Turing" })
      .getByRole("button", { name: "View profile" })
      .click();
    await poll(() => text(page, "#main-content h3")).toBe("Alan Turing");
    expect(page.url()).toBe(
      playground.url("/examples/navigation/?profile=alan"),
    );
    await page.goBack();
    await page.goBack();
    await poll(() => text(page, "#main-content h3")).toBe("Grace Hopper");

    await page.reload();
    await poll(() => text(page, "#main-content h3")).toBe("Grace Hopper");
    await poll(() => page.title()).toBe("Grace Hopper - Profile");

    // The entry before the reload has no snapshot in this page's memory: the page loads it again.
    await page.goBack();
    await poll(() => text(page, "#main-content h2")).toBe("People");
    expect(page.url()).toBe(home);
    expect(console).toEqual([]);
    await close();
  });

  it("SPA navigation: an address naming nobody shows Not found at first paint, and open_route is not called again", async () => {
    const { page, console } = await playground.blank();
    const calls = recordCalls(page);
    await page.goto(playground.url("/examples/navigation/?profile=nobody"));
    expect(await text(page, "#main-content h2")).toBe("Not found");
    expect(await text(page, "#main-content p")).toBe(
      "Nobody is called nobody here.",
    );
    expect(await page.title()).toBe("Not found · LiveView playground");

    await page.getByRole("button", { name: "← All people" }).click();
    await poll(() => text(page, "#main-content h2")).toBe("People");
    // Sent in order: an init call would have gone before the click's.
    expect(calls.map((call) => call.function)).toEqual(["navigate_home"]);
    expect(calls[0]?.url).toBe("/examples/navigation/?profile=nobody");
    expect(console).toEqual([]);
  });
});
