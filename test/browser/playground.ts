/**
 * What the playground's browser tests share: the worker's Vite dev server on the real
 * `playground/` folder, the run's one Chromium (test/setup/browser.ts), and pages kept across
 * tests that record console errors and warnings.
 */
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterEach, beforeAll, expect, inject } from "vitest";
import {
  connectChromium,
  recordConsole,
  VIEWPORT,
} from "../helpers/browser.ts";

export const PLAYGROUND = join(import.meta.dirname, "..", "..", "playground");

/** This worker's playground dev server (test/setup/browser.ts starts one per worker). */
export function myPlayground(): { url: string; uploads: string } {
  const all = inject("playgrounds");
  const slot = Number(process.env.VITEST_POOL_ID ?? "1") - 1;
  const mine = all[slot];
  if (!mine)
    throw new Error(
      `No playground server for test worker ${slot + 1} of ${all.length}: raise TEST_WORKERS in test/setup/workers.ts`,
    );
  return mine;
}

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
  /** Leaves the page (its socket closes) and wipes what it kept; also done when the test ends. */
  close(): Promise<void>;
}

export interface Playground {
  /** The address of `path` on the playground's dev server. */
  url(path?: string): string;
  readonly browser: Browser;
  /**
   * A blank page of its own context (its own storage, so its own room), for a test that must
   * listen from the first frame: it goes to the playground itself.
   */
  blank(): Promise<OpenedPage>;
  /** blank(), then the playground's `path`. */
  open(path: string): Promise<OpenedPage>;
}

/** Playwright's own default for actions and navigations. */
const ACTION_TIMEOUT = 30_000;

/**
 * A context with one page, kept for the worker's tests: a new context costs Chromium a new
 * renderer process (about a second of CPU on a 2-core machine), navigating a kept page a tenth
 * of that. Between tests it is wiped back to what a new one would be (see wipe).
 */
interface KeptPage {
  context: BrowserContext;
  page: Page;
  /** Whether a test has used it since the last wipe. */
  used: boolean;
}

async function keepPage(browser: Browser): Promise<KeptPage> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  return { context, page: await context.newPage(), used: false };
}

/**
 * What a test leaves, undone: its other tabs, its listeners, the storage and cookies of the
 * page's origin (the room is in localStorage), and the page itself, which goes to about:blank so
 * its socket closes. False when the page is past saving (crashed, hung), for a new one.
 */
async function wipe(kept: KeptPage): Promise<boolean> {
  if (!kept.used) return true;
  kept.used = false;
  const { context, page } = kept;
  try {
    for (const other of context.pages())
      if (other !== page) await other.close();
    page.removeAllListeners();
    page.setDefaultTimeout(ACTION_TIMEOUT);
    page.setDefaultNavigationTimeout(ACTION_TIMEOUT);
    await page
      .evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      })
      .catch(() => {}); // about:blank and error pages have no storage to clear
    await page.goto("about:blank");
    await context.clearCookies();
    await page.setViewportSize(VIEWPORT);
    return true;
  } catch {
    await context.close().catch(() => {});
    return false;
  }
}

/** The worker's kept pages: browser files share their workers (vitest.config.ts). */
const kept: KeptPage[] = [];

/**
 * The playground for a file's tests. Pages are kept across tests and files (see KeptPage): the
 * first open() of a test gets the first kept page, a second open() the second, and so on; each
 * is wiped when the test ends.
 */
export function usePlayground(): Playground {
  let browser: Browser | undefined;
  const base = myPlayground().url;
  let handedOut = 0;

  beforeAll(async () => {
    browser = await connectChromium();
  });
  /** Wipes the kept page at `index`, or replaces it when it is past saving. */
  const renew = async (index: number): Promise<void> => {
    if (!(await wipe(kept[index]!)))
      kept[index] = await keepPage(playground.browser);
  };
  afterEach(async () => {
    for (const index of kept.keys()) await renew(index);
    handedOut = 0;
  });

  const playground: Playground = {
    url: (path = "/") => base + path,
    get browser() {
      if (!browser) throw new Error("Chromium is not connected yet");
      return browser;
    },
    async blank() {
      const index = handedOut++;
      kept[index] ??= await keepPage(this.browser);
      const { context, page } = kept[index];
      kept[index].used = true;
      return {
        context,
        page,
        console: recordConsole(page),
        close: () => renew(index),
      };
    },
    async open(path) {
      const opened = await this.blank();
      await opened.page.goto(this.url(path));
      return opened;
    },
  };
  return playground;
}

export interface Toast {
  text: string;
  /** Whether it arrived with an element inside its message. */
  markup: boolean;
}

/**
 * Records every toast (the playground's notifications) that reaches the page from now on, in
 * order: toasts remove themselves after 1.5 s in these tests, so on a busy machine one can be
 * gone before a poll would see it.
 */
export async function watchToasts(page: Page): Promise<() => Promise<Toast[]>> {
  await page.evaluate(() => {
    const seen: Toast[] = [];
    (window as { toastsSeen?: Toast[] }).toastsSeen = seen;
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLElement && node.matches(".toast"))
            seen.push({
              text: node.textContent?.trim() ?? "",
              markup: node.querySelector("p *") !== null,
            });
    }).observe(document.querySelector("#notifications")!, {
      childList: true,
      subtree: true,
    });
  });
  return () =>
    page.evaluate(() => (window as { toastsSeen?: Toast[] }).toastsSeen ?? []);
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
