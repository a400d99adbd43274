import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { poll, texts, usePlayground } from "./playground.ts";

async function joinLobby(page: Page, name: string): Promise<void> {
  await page.fill("#chat-name", name);
  await page.getByRole("button", { name: "Join the lobby" }).click();
  await poll(() => page.textContent("#chat-room")).toBe("#lobby");
}

describe("Chat and task board (topics, per-viewer events, presence) in Chromium", () => {
  const playground = usePlayground();

  it("Chat: messages reach the room's members with a 'you' marker, and the online list follows who comes and goes", async () => {
    const ada = await playground.open("/examples/chat/");
    const bob = await playground.open("/examples/chat/");
    await joinLobby(ada.page, "Ada");
    await joinLobby(bob.page, "Bob");
    await poll(() => texts(ada.page, "#chat-online li")).toEqual([
      "Ada (you)",
      "Bob",
    ]);
    await poll(() => texts(bob.page, "#chat-online li")).toEqual([
      "Ada",
      "Bob (you)",
    ]);
    await ada.page.fill("#chat-text", "Hello <b>Bob</b>");
    await ada.page.keyboard.press("Enter");
    // The answer clears the input; the next message is typed after that.
    await poll(() => ada.page.inputValue("#chat-text")).toBe("");
    await poll(() => texts(bob.page, "#chat-messages li")).toEqual([
      "Ada: Hello <b>Bob</b>",
    ]);
    await poll(() => texts(ada.page, "#chat-messages li")).toEqual([
      "Ada (you): Hello <b>Bob</b>",
    ]);
    // Another room is another topic: Bob no longer hears the lobby.
    await bob.page.getByRole("button", { name: "# random" }).click();
    await poll(() => texts(ada.page, "#chat-online li")).toEqual(["Ada (you)"]);
    await ada.page.fill("#chat-text", "anyone?");
    await ada.page.keyboard.press("Enter");
    await poll(() => texts(ada.page, "#chat-messages li")).toHaveLength(2);
    expect(await texts(bob.page, "#chat-messages li")).toEqual([]);
    // A closed tab leaves the list of the room it was in.
    await bob.page.getByRole("button", { name: "# lobby" }).click();
    await poll(() => texts(ada.page, "#chat-online li")).toEqual([
      "Ada (you)",
      "Bob",
    ]);
    await bob.close();
    await poll(() => texts(ada.page, "#chat-online li")).toEqual(["Ada (you)"]);
    expect(ada.console).toEqual([]);
  });

  it("Task board: each page renders a new task for its viewer, with Delete only for the author", async () => {
    const ada = await playground.open("/examples/board/?as=Ada");
    const bob = await playground.open("/examples/board/?as=Bob");
    await poll(() => ada.page.textContent("#board-viewer")).toBe("Ada");
    await poll(() => bob.page.textContent("#board-viewer")).toBe("Bob");
    const title = `Write tests ${Math.random().toString(36).slice(2, 6)}`;
    await ada.page.fill("#board-title", title);
    await ada.page.getByRole("button", { name: "Add" }).click();
    const row = (page: Page) =>
      page.locator("#board-tasks li", { hasText: title });
    await poll(() => row(bob.page).count()).toBe(1);
    await poll(() => row(ada.page).count()).toBe(1);
    expect(
      await row(ada.page).getByRole("button", { name: "Delete" }).count(),
    ).toBe(1);
    expect(
      await row(bob.page).getByRole("button", { name: "Delete" }).count(),
    ).toBe(0);
    await row(ada.page).getByRole("button", { name: "Delete" }).click();
    await poll(() => row(bob.page).count()).toBe(0);
    await poll(() => row(ada.page).count()).toBe(0);
  });
});
