/**
 * What the playground's browser tests share: the run's one Vite dev server on the real
 * `playground/` folder and its one Chromium (test/setup/browser.ts), and pages that record
 * console errors and warnings.
 */
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, onTestFinished } from "vitest";
import { launchBrowser, openPage } from "../helpers/browser.ts";

export const PLAYGROUND = join(import.meta.dirname, "..", "..", "playground");

/** Generous: the suite runs on a busy 2-core machine; a pass is usually far quicker. */
export const PATIENCE = { timeout: 10_000, interval: 50 };

/** expect.poll with the suite's patience. */
export function poll<T>(read: () => T | Promise<T>) {
  return expect.poll(read, PATIENCE);
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings, and uncaught page errors, in order. */
  console: string[];
  close(): Promise<void>;
}

export interface Playground {
  /** The address of `path` on the playground's dev server. */
  url(path?: string): string;
  readonly browser: Browser;
  /** A fresh browser context (its own storage, so its own room) at `path`. */
  open(path: string): Promise<OpenedPage>;
}

/** Connects to the run's Chromium before the file's tests and disconnects after them. */
export function usePlayground(): Playground {
  let chromium: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const base = inject("playgroundUrl");

  beforeAll(async () => {
    chromium = await launchBrowser();
  });
  afterAll(async () => {
    await chromium?.close();
  });

  return {
    url: (path = "/") => base + path,
    get browser() {
      if (!chromium) throw new Error("Chromium is not connected yet");
      return chromium.browser;
    },
    async open(path) {
      return openAt(this.browser, this.url(path));
    },
  };
}

/** Opens `url` in a fresh context of `browser`; the context is closed when the test ends. */
export async function openAt(
  browser: Browser,
  url: string,
): Promise<OpenedPage> {
  const { context, page, console } = await openPage(browser);
  // Also when an assertion failed halfway; closing twice is harmless.
  onTestFinished(() => context.close());
  await page.goto(url);
  return { context, page, console, close: () => context.close() };
}

/** The visible text of each element matching `selector`, trimmed and with collapsed spaces. */
export async function texts(page: Page, selector: string): Promise<string[]> {
  const all = await page.locator(selector).allInnerTexts();
  return all.map((text) => text.replace(/\s+/g, " ").trim());
}

/** The visible text of the first element matching `selector` ("" when there is none). */
export async function text(page: Page, selector: string): Promise<string> {
  return (await texts(page, selector))[0] ?? "";
}

/** The messages the page sends on its LiveView socket, as the server receives them. */
export function recordCalls(page: Page): { function: string; url: string }[] {
  const calls: { function: string; url: string }[] = [];
  page.on("websocket", (socket) => {
    if (!socket.url().includes("/ws/liveview/")) return;
    socket.on("framesent", ({ payload }) => {
      calls.push(JSON.parse(String(payload)) as (typeof calls)[number]);
    });
  });
  return calls;
}
