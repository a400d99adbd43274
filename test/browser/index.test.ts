import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBuilder } from "vite";
import { afterAll, describe, expect, it } from "vitest";
import { createRecordingLogger } from "../helpers/vite.ts";
import { PLAYGROUND, text, usePlayground } from "./playground.ts";

const EXAMPLES = [
  "hello",
  "comments",
  "posts",
  "notifications",
  "infinite-scroll",
  "counters",
  "navigation",
  "products",
  "search",
  "tasks",
  "contact",
  "uploads",
  "dialog",
  "broadcast",
  "chat",
  "board",
  "connection",
  "middleware",
  "login",
  "i18n",
  "scripts",
  "errors",
  "client-features",
];

describe("the playground's index in Chromium", () => {
  const playground = usePlayground();

  it("links every example, and each opens with the shared layout and no console errors", async () => {
    const { page, console, close } = await playground.open("/");
    const links = await page.locator(".examples a").evaluateAll((anchors) =>
      anchors.map((anchor) => ({
        href: anchor.getAttribute("href"),
        title: anchor.querySelector("strong")?.textContent,
      })),
    );
    expect(links.map((link) => link.href)).toEqual(
      EXAMPLES.map((slug) => `/examples/${slug}/`),
    );

    // A step that hangs fails on its own, naming the page, instead of timing out the whole test.
    page.setDefaultTimeout(20_000);
    // Each example is opened from the index once (the click is what a reader does); the way
    // back is checked as a link rather than followed, which would load the index 23 more times.
    for (const [index, link] of links.entries()) {
      try {
        if (index === 0)
          await page.locator(`.examples a[href="${link.href}"]`).click();
        else await page.goto(playground.url(link.href ?? ""));
        await page.waitForURL(playground.url(link.href ?? ""));
        expect(await text(page, "h1")).toBe(link.title);
        expect(await page.title()).toMatch(/ · LiveView playground$/);
        expect(await page.locator("#no-connection").isVisible()).toBe(false);
        expect(await page.locator("#notifications").count()).toBe(1);
        // Let the page's first calls (data-liveview-init) be answered before leaving it.
        await page.waitForFunction(
          () => document.querySelector('[aria-busy="true"]') === null,
        );
        const back = page.getByRole("link", { name: "← All examples" });
        if (index === 0) {
          await back.click();
          await page.waitForURL(playground.url("/"));
        } else expect(await back.getAttribute("href")).toBe("/");
      } catch (error) {
        throw new Error(
          `On ${link.href}: ${error instanceof Error ? error.message : String(error)}\nconsole: ${console.join("\n")}`,
        );
      }
    }
    expect(console).toEqual([]);
    await close();
  }, 180_000);
});

describe("vite build of the playground", () => {
  const outDir = mkdtempSync(join(tmpdir(), "liveview-playground-"));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("writes every page, and the handlers' bundle stays out of the pages' folder", async () => {
    const builder = await createBuilder({
      configFile: join(PLAYGROUND, "..", "vite.config.ts"),
      customLogger: createRecordingLogger(),
      logLevel: "silent",
      build: { outDir },
    });
    await builder.buildApp();
    expect(existsSync(join(outDir, "client", "index.html"))).toBe(true);
    for (const slug of EXAMPLES)
      expect(
        existsSync(join(outDir, "client", "examples", slug, "index.html")),
      ).toBe(true);
    expect(existsSync(join(outDir, "server", "liveview-entry.mjs"))).toBe(true);
    expect(existsSync(join(outDir, "server", "examples"))).toBe(false);
  });
});
