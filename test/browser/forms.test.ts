import { describe, expect, it } from "vitest";
import { poll, text, texts, usePlayground, watchToasts } from "./playground.ts";

describe("the playground's form and input pages in Chromium", () => {
  const playground = usePlayground();

  it("Live search: typing a word quickly sends one search, and the results match it", async () => {
    const { page, console, close } = await playground.open("/examples/search/");
    const search = page.getByPlaceholder("Search articles…");

    await search.pressSequentially("vite");
    await poll(() => texts(page, "#search-results .article h3")).toEqual([
      "Getting started with Vite",
      "Vite plugins from scratch",
    ]);
    expect(await text(page, "#search-count")).toBe("1");
    expect(await search.inputValue()).toBe("vite");
    expect(
      await search.evaluate((element) => element === document.activeElement),
    ).toBe(true);

    // Clearing the field and typing again without a pause is one more search, not five.
    await search.fill("");
    await search.pressSequentially("html");
    await poll(() => texts(page, "#search-results .article h3")).toEqual([
      "HTML over the wire",
    ]);
    expect(await text(page, "#search-count")).toBe("2");

    await search.fill("zzz");
    await poll(() => text(page, "#search-results")).toContain(
      "Nothing matches.",
    );
    expect(console).toEqual([]);
    await close();
  });

  it("Init functions: each counter gets its starting value, also a counter added later", async () => {
    const { page, console, close } = await playground.open(
      "/examples/counters/",
    );
    const values = () => texts(page, ".counter-value");

    await poll(values).toEqual(["0", "10", "100"]);
    await page.getByRole("button", { name: "Increment Counter 1" }).click();
    await page.getByRole("button", { name: "Increment Counter 1" }).click();
    await page.getByRole("button", { name: "Decrement Counter 3" }).click();
    await poll(values).toEqual(["2", "10", "99"]);

    await page.getByRole("button", { name: "Add a counter" }).click();
    await poll(() => texts(page, ".counter h3")).toEqual([
      "Counter 1",
      "Counter 2",
      "Counter 3",
      "Counter 4",
    ]);
    await poll(values).toEqual(["2", "10", "99", "0"]);
    await page.getByRole("button", { name: "Increment Counter 4" }).click();
    await poll(values).toEqual(["2", "10", "99", "1"]);
    expect(console).toEqual([]);
    await close();
  });

  it("Edit in place: the edit form focuses its field, Enter saves; add and delete work", async () => {
    const { page, console, close } = await playground.open("/examples/tasks/");
    const titles = () => texts(page, "#task-list .task-title");

    await poll(titles).toEqual([
      "Write the handler",
      "Render the template",
      "Ship it",
    ]);
    await page.locator("#task-2").getByRole("button", { name: "Edit" }).click();
    const field = page.getByLabel("Title");
    await poll(() =>
      field.evaluate((element) => element === document.activeElement),
    ).toBe(true);
    expect(await field.inputValue()).toBe("Render the template");

    // The caret is in the field already: select what is there and type over it.
    await page.keyboard.press("Control+A");
    await page.keyboard.type("Render the eta template");
    await page.keyboard.press("Enter");
    await poll(titles).toEqual([
      "Write the handler",
      "Render the eta template",
      "Ship it",
    ]);
    await poll(() => text(page, "#form-container")).toBe(
      "Pick a task to edit it.",
    );

    // Another task's form, with one already open, takes the focus too.
    await page.locator("#task-3").getByRole("button", { name: "Edit" }).click();
    await poll(() => field.inputValue()).toBe("Ship it");
    await page.locator("#task-1").getByRole("button", { name: "Edit" }).click();
    await poll(() => field.inputValue()).toBe("Write the handler");
    await poll(() =>
      field.evaluate((element) => element === document.activeElement),
    ).toBe(true);
    await field.fill("   ");
    await page.getByRole("button", { name: "Save" }).click();
    await poll(() => text(page, "#form-container .error")).toBe(
      "A task needs a title.",
    );
    await page.getByRole("button", { name: "Cancel" }).click();
    await poll(() => text(page, "#form-container")).toBe(
      "Pick a task to edit it.",
    );

    await page.getByPlaceholder("New task").fill("Write the tests");
    await page.getByPlaceholder("New task").press("Enter");
    await poll(titles).toEqual([
      "Write the handler",
      "Render the eta template",
      "Ship it",
      "Write the tests",
    ]);
    const newTask = page.getByPlaceholder("New task");
    await poll(() =>
      newTask.evaluate((element) => element === document.activeElement),
    ).toBe(true);
    expect(await newTask.inputValue()).toBe("");

    await page
      .locator("#task-list .task", { hasText: "Write the tests" })
      .getByRole("button", { name: "Delete" })
      .click();
    await poll(titles).toEqual([
      "Write the handler",
      "Render the eta template",
      "Ship it",
    ]);
    expect(console).toEqual([]);
    await close();
  });

  it("Contact form: the valibot schema's messages show next to their fields, clear once accepted; then thanks and notifies", async () => {
    const { page, console, close } =
      await playground.open("/examples/contact/");
    const name = page.getByLabel("Name");
    const email = page.getByLabel("Email");
    const message = page.getByLabel("Message");
    const invalid = () =>
      Promise.all(
        [name, email, message].map((field) =>
          field.getAttribute("aria-invalid"),
        ),
      );

    await name.fill("Al");
    await email.fill("ada@example.com");
    await page.getByRole("button", { name: "Send message" }).click();
    await poll(() => text(page, "#error-name")).toBe(
      "Name must be at least 3 characters",
    );
    expect(await text(page, "#error-message")).toBe(
      "Message must be at least 10 characters",
    );
    expect(await text(page, "#error-email")).toBe("");
    expect(await invalid()).toEqual(["true", null, "true"]);
    // Nothing was re-rendered: what the user typed is as it was.
    expect(await name.inputValue()).toBe("Al");
    expect(await email.inputValue()).toBe("ada@example.com");

    // Enter in a field sends too; a field fixed since loses its message and its mark.
    await name.fill("  Ada  ");
    await message.fill("Hi");
    await email.focus();
    await page.keyboard.press("End");
    await page.keyboard.type(".org");
    await page.keyboard.press("Enter");
    await poll(() => text(page, "#error-name")).toBe("");
    expect(await text(page, "#error-message")).toBe(
      "Message must be at least 10 characters",
    );
    expect(await invalid()).toEqual([null, null, "true"]);
    expect(
      await email.evaluate((element) => element === document.activeElement),
    ).toBe(true);
    await page.keyboard.type("x");
    expect(await email.inputValue()).toBe("ada@example.com.orgx");

    // Valid input reaches the handler, trimmed by the schema.
    await email.fill("ada@example.com");
    await message.fill("Hello there, LiveView!");
    const toasts = await watchToasts(page);
    await page.getByRole("button", { name: "Send message" }).click();
    await poll(() => text(page, "#contact-container h3")).toBe(
      "Thank you! We'll be in touch.",
    );
    expect(await text(page, "#contact-container p")).toBe(
      "We received your message, Ada.",
    );
    expect(await page.locator("#contact-container form").count()).toBe(0);

    await poll(toasts).toEqual([
      { text: "Message sent successfully!", markup: false },
    ]);
    await poll(() => page.locator("#notifications .toast").count()).toBe(0);

    // The form the server renders again has the same message elements.
    await page.getByRole("button", { name: "Write another" }).click();
    await poll(() => name.inputValue()).toBe("");
    await page.getByRole("button", { name: "Send message" }).click();
    await poll(() => texts(page, "#contact-container .field-status")).toEqual([
      "Name must be at least 3 characters",
      "Invalid email address",
      "Message must be at least 10 characters",
    ]);
    expect(await invalid()).toEqual(["true", "true", "true"]);
    // Shown in the page, the refusals needed no console line.
    expect(console).toEqual([]);
    await close();
  });
});
