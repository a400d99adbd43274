import { existsSync } from "node:fs";
import {
  chromium,
  type Browser,
  type BrowserContext,
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

/** The run's one Chromium (test/setup/browser.ts); close() disconnects this file only. */
export async function launchBrowser(): Promise<{
  browser: Browser;
  close(): Promise<void>;
}> {
  const browser = await chromium.connect(inject("chromiumEndpoint"));
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** A fresh page that records console errors and warnings, for tests to assert on. */
export async function openPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; console: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
  });
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
