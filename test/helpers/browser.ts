import { existsSync } from "node:fs";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Disposable,
  type Page,
} from "playwright-core";
import { inject } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Debian's Chromium; a missing browser fails loudly instead of skipping. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM} (Debian: apt-get install chromium; .ci/run installs it)`,
    );
  }
  return CHROMIUM;
}

/** The window size of every test page. */
export const VIEWPORT = { width: 1280, height: 800 };

let connection: Promise<Browser> | undefined;

/**
 * The run's one Chromium (test/setup/browser.ts), connected once per test worker: browser files
 * share their workers (vitest.config.ts), and the connection ends with the worker.
 */
export function connectChromium(): Promise<Browser> {
  connection ??= chromium.connect(inject("chromiumEndpoint"));
  return connection;
}

/** A fresh page that records console errors and warnings, for tests to assert on. */
export async function openPage(): Promise<{
  context: BrowserContext;
  page: Page;
  console: string[];
}> {
  const browser = await connectChromium();
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  return { context, page, console: recordConsole(page) };
}

/** Records console errors and warnings, and uncaught page errors, from now on. */
export function recordConsole(page: Page): string[] {
  const messages: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning")
      messages.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => messages.push(`pageerror: ${error.message}`));
  return messages;
}

/**
 * Has every page `context` opens from now on note when its LiveView socket opens, for
 * socketOpen() to wait on. A page's first paint comes before its socket: a test that acts on a
 * page's socket (a sign-out that closes it) waits for it first. Disposing stops the noting.
 */
export function noteSocketOpen(context: BrowserContext): Promise<Disposable> {
  return context.addInitScript(() =>
    document.addEventListener("liveview:connected", () => {
      (window as { liveviewSocketOpen?: boolean }).liveviewSocketOpen = true;
    }),
  );
}

/** Resolves once the page's socket has opened (see noteSocketOpen). */
export async function socketOpen(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window as { liveviewSocketOpen?: boolean }).liveviewSocketOpen,
  );
}
