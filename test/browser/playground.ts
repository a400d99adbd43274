/**
 * What the playground's browser tests share: one real Vite dev server on the real `playground/`
 * folder and one Chromium per test file, and pages that record console errors and warnings.
 */
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, onTestFinished } from "vitest";
import { launchBrowser, openPage } from "../helpers/browser.ts";
import { startDevServer, type DevServer } from "../helpers/vite.ts";

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
  readonly dev: DevServer;
  readonly browser: Browser;
  /** A fresh browser context (its own storage, so its own room) at `path`. */
  open(path: string): Promise<OpenedPage>;
}

/** Starts the dev server and Chromium before the file's tests and stops both after them. */
export function usePlayground(): Playground {
  let dev: DevServer | undefined;
  let chromium: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    [dev, chromium] = await Promise.all([
      startDevServer(PLAYGROUND),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await chromium?.close();
    await dev?.close();
  });

  return {
    get dev() {
      if (!dev) throw new Error("The dev server is not started yet");
      return dev;
    },
    get browser() {
      if (!chromium) throw new Error("Chromium is not started yet");
      return chromium.browser;
    },
    async open(path) {
      return openAt(this.browser, this.dev.httpUrl(path));
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
