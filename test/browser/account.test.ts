import type { Page } from "playwright-core";
import { describe, expect, it, onTestFinished } from "vitest";
import { noteSocketOpen, socketOpen } from "../helpers/browser.ts";
import { poll, text, usePlayground } from "./playground.ts";

/** Signs in on the sign-in page and waits for the account page. */
async function signIn(page: Page, name: string): Promise<void> {
  await page.fill("#login-name", name);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/examples\/account\/$/);
  await poll(() => text(page, "#account-name")).toBe(name);
}

describe("Sign in and the account page (the playground's server entry) in Chromium", () => {
  const playground = usePlayground();

  it("guards the account page, signs in with an HttpOnly cookie, and keeps notes for the user", async () => {
    const { page, context } = await playground.open("/examples/account/");
    await page.waitForURL(/\/examples\/login\/$/);
    await signIn(page, "Ada");
    const [session] = (await context.cookies()).filter(
      (cookie) => cookie.name === "playground_session",
    );
    expect(session?.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain(
      "playground_session",
    );
    await page.fill("#account-note", "Buy <b>milk</b>");
    await page.getByRole("button", { name: "Add" }).click();
    await poll(() => text(page, "#account-notes")).toBe("Buy <b>milk</b>");
  });

  it("signing out in one tab closes the session's other tabs, which reload to the sign-in page", async () => {
    const { page, context } = await playground.open("/examples/login/");
    await signIn(page, "Grace");
    // The context is kept for later tests: the noting ends with this one.
    const noting = await noteSocketOpen(context);
    onTestFinished(() => noting.dispose());
    const other = await context.newPage();
    await other.goto(playground.url("/examples/account/"));
    await poll(() => text(other, "#account-name")).toBe("Grace");
    await socketOpen(other);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/examples\/login\/$/);
    await other.waitForURL(/\/examples\/login\/$/);
    expect(await other.locator("#login-name").isVisible()).toBe(true);
  });
});
