import { describe, expect, it } from "vitest";
import { poll, text, texts, usePlayground, watchToasts } from "./playground.ts";

const ATTACK = `<img src=x onerror="window.__pwned = true"><script>window.__pwned = true</script>`;

describe("the playground's broadcast and dialog pages in Chromium", () => {
  const playground = usePlayground();

  it("Broadcast: a message reaches every open page as text, never as markup, then removes itself", async () => {
    const sender = await playground.open("/examples/broadcast/");
    // Another person, on another page: every page of the playground has #notifications.
    const other = await playground.open("/");
    const toasts = (page: typeof sender.page) =>
      texts(page, "#notifications .toast");
    const seenBySender = await watchToasts(sender.page);
    const seenByOther = await watchToasts(other.page);

    await sender.page.getByRole("button", { name: "Notify everyone" }).click();
    await poll(() => text(sender.page, "#notify-error")).toBe(
      "Type a message first.",
    );

    await sender.page.getByPlaceholder("Message for everyone").fill(ATTACK);
    await sender.page.getByRole("button", { name: "Notify everyone" }).click();
    const attack = { text: ATTACK, markup: false };
    await poll(seenBySender).toEqual([attack]);
    await poll(seenByOther).toEqual([attack]);
    expect(await text(sender.page, "#notify-error")).toBe("");
    for (const { page } of [sender, other]) {
      expect(
        await page.locator("#notifications img, #notifications script").count(),
      ).toBe(0);
      expect(
        await page.evaluate(() => (window as { __pwned?: boolean }).__pwned),
      ).toBeUndefined();
    }

    await sender.page
      .getByRole("button", { name: "Send a system update" })
      .click();
    await poll(seenByOther).toEqual([
      attack,
      { text: "New update available!", markup: false },
    ]);

    // Each notification removes itself from every page after five seconds.
    await poll(() => toasts(other.page)).toEqual([]);
    await poll(() => toasts(sender.page)).toEqual([]);

    expect(sender.console).toEqual([]);
    expect(other.console).toEqual([]);
    await sender.close();
    await other.close();
  });

  it("Background work: the handler answers at once and sends the result later, to that page only", async () => {
    const worker = await playground.open("/examples/broadcast/");
    const other = await playground.open("/examples/broadcast/");

    await worker.page.getByRole("button", { name: "Process the data" }).click();
    await poll(() => text(worker.page, "#status")).toBe("Processing…");
    await poll(() => text(worker.page, "#status")).toBe(
      "Done: 1,024 rows processed.",
    );
    expect(await text(other.page, "#status")).toBe("");

    expect(worker.console).toEqual([]);
    await worker.close();
    await other.close();
  });

  it("Modal dialog: clicks inside stay there, the overlay, Cancel and Escape close it, Confirm acts", async () => {
    const { page, console, close } = await playground.open("/examples/dialog/");
    const dialog = page.getByRole("dialog");
    const overlay = page.locator(".overlay");

    await page.getByRole("button", { name: "Open dialog" }).click();
    await dialog.waitFor();
    expect(await text(page, "#dialog-title")).toBe("Confirm action");
    await poll(() =>
      page
        .getByRole("button", { name: "Cancel" })
        .evaluate((element) => element === document.activeElement),
    ).toBe(true);

    // A click inside the dialog stops there: the overlay never sends close_dialog.
    await dialog.getByText("Are you sure you want to proceed?").click();
    expect(await overlay.getAttribute("aria-busy")).toBeNull();
    expect(await dialog.isVisible()).toBe(true);

    await overlay.click({ position: { x: 10, y: 10 } });
    await dialog.waitFor({ state: "detached" });

    await page.getByRole("button", { name: "Open dialog" }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });

    await page.getByRole("button", { name: "Open dialog" }).click();
    await poll(() =>
      page
        .getByRole("button", { name: "Cancel" })
        .evaluate((element) => element === document.activeElement),
    ).toBe(true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    await page.getByRole("button", { name: "Open dialog" }).click();
    await page.getByRole("button", { name: "Confirm" }).click();
    await dialog.waitFor({ state: "detached" });
    await poll(() => text(page, "#message")).toBe(
      "Action 123 completed successfully!",
    );

    await page.getByRole("button", { name: "Open modal" }).click();
    await poll(() => text(page, "#dialog-title")).toBe("Modal 123");
    expect(await text(page, ".dialog p")).toBe(
      "Opened for user 456 as a “details” modal.",
    );
    await page.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "detached" });

    expect(console).toEqual([]);
    await close();
  });
});
