import { describe, expect, it } from "vitest";

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
import { poll, text, texts, usePlayground } from "./playground.ts";

describe("the playground's middleware, language, script and error pages in Chromium", () => {
  const playground = usePlayground();

  it("Middleware: refuses the admin action until sign-in, logs each call, runs a dynamically registered handler", async () => {
    const { page, console, close } = await playground.open(
      "/examples/middleware/",
    );
    const admin = page.getByRole("button", { name: "Open admin statistics" });

    await admin.click();
    await poll(() => text(page, "#error")).toBe("You must be logged in");
    expect(await text(page, "#admin-panel")).toBe("");

    await page.getByPlaceholder("Your name").fill("Ada");
    await page.getByRole("button", { name: "Sign in" }).click();
    await poll(() => text(page, "#session p")).toBe("Signed in as Ada.");
    await admin.click();
    await poll(() => text(page, "#admin-panel h3")).toBe("Admin statistics");
    expect(await text(page, "#admin-panel p")).toMatch(
      /^Hello Ada: \d+ handlers are registered in this server\.$/,
    );
    expect(await text(page, "#error")).toBe("");

    await page.getByRole("button", { name: "Show recent calls" }).click();
    await poll(() => texts(page, "#call-log li")).toEqual(
      expect.arrayContaining([
        "show_call_log by Ada",
        "admin_stats by Ada",
        "sign_in by anonymous",
      ]),
    );
    // The refused call never reached the logging middleware, which runs after the auth one.
    expect(await texts(page, "#call-log li")).not.toContain(
      "admin_stats by anonymous",
    );

    await page.getByRole("button", { name: "Run the dynamic handler" }).click();
    await poll(() => text(page, "#result")).toBe("Dynamic handler executed!");

    await page.getByRole("button", { name: "Sign out" }).click();
    await poll(() =>
      page.getByRole("button", { name: "Sign in" }).count(),
    ).toBe(1);
    expect(await text(page, "#admin-panel")).toBe("");
    await admin.click();
    await poll(() => text(page, "#error")).toBe("You must be logged in");
    expect(console).toEqual([]);
    await close();
  });

  it("Languages: the switch changes <html lang>, and the server answers in that language", async () => {
    const { page, console, close } = await playground.open("/examples/i18n/");
    const lang = () => page.evaluate(() => document.documentElement.lang);

    await poll(() => text(page, "#i18n-content h2")).toBe("Welcome");
    expect(await texts(page, "#i18n-content .card p")).toEqual([
      "This content is in your language",
      "Hello, Ada!",
      "The blog has 12 articles.",
      "Released on June 7, 2025.",
      "Language of this message: en",
    ]);
    await poll(() => page.title()).toBe("Languages · LiveView playground");

    await page.getByRole("button", { name: "Español" }).click();
    await poll(() => text(page, "#i18n-content h2")).toBe("Bienvenido");
    expect(await lang()).toBe("es");
    expect(await texts(page, "#i18n-content .card p")).toEqual([
      "Este contenido está en tu idioma",
      "¡Hola, Ada!",
      "El blog tiene 12 artículos.",
      "Publicado el 7 de junio de 2025.",
      "Idioma de este mensaje: es",
    ]);
    await poll(() => page.title()).toBe("Idiomas · LiveView playground");
    expect(
      await page
        .getByRole("button", { name: "Español" })
        .getAttribute("aria-pressed"),
    ).toBe("true");

    await page.getByRole("button", { name: "English" }).click();
    await poll(() => text(page, "#i18n-content h2")).toBe("Welcome");
    expect(await lang()).toBe("en");
    expect(console).toEqual([]);
    await close();
  });

  it("Scripts: a script frame shows a message as data, a chart is drawn, a widget runs its own script", async () => {
    const { page, console, close } =
      await playground.open("/examples/scripts/");
    const message = `Tom's "quote" </script><b>bold</b>`;

    await page.getByPlaceholder("Message").fill(message);
    await page.getByRole("button", { name: "Run script" }).click();
    await poll(() => page.locator("#script-output").textContent()).toBe(
      `Notification: ${message}`,
    );
    expect(await page.locator("#script-output b").count()).toBe(0);

    await page.getByRole("button", { name: "Load chart" }).click();
    await poll(() => texts(page, "#sales-chart .bar")).toEqual([
      "Jan 120",
      "Feb 180",
      "Mar 90",
      "Apr 210",
    ]);

    const widget = page.locator("#increment");
    for (let round = 0; round < 2; round++) {
      // Loading it twice proves the inline script runs again without clashing with its first run.
      await page.getByRole("button", { name: "Load widget" }).click();
      await poll(() => text(page, "#increment")).toBe("Count: 0");
      for (let click = 0; click < 3; click++) await widget.click();
      await poll(() => text(page, "#increment")).toBe("Count: 3");
    }
    expect(console).toEqual([]);
    await close();
  });

  it("File upload: a chosen image arrives as a checked data URL; anything else is refused", async () => {
    const { page, console, close } =
      await playground.open("/examples/scripts/");
    const upload = page.getByRole("button", { name: "Upload avatar" });
    const chooser = page.getByLabel("Avatar image");
    // The page's own script reads the file into the hidden field when it is chosen.
    const fileRead = () =>
      page.waitForFunction(
        () =>
          (document.getElementById("avatar-data") as HTMLInputElement).value !==
          "",
      );

    await upload.click();
    await poll(() => text(page, "#upload-status")).toBe("No file selected");

    await chooser.setInputFiles({
      name: "avatar.png",
      mimeType: "image/png",
      buffer: PNG,
    });
    await fileRead();
    await upload.click();
    await poll(() => text(page, "#upload-status")).toBe(
      `Avatar uploaded: image/png, ${PNG.length} bytes.`,
    );
    await poll(() =>
      page
        .getByAltText("Your avatar")
        .evaluate((image) => (image as HTMLImageElement).naturalWidth),
    ).toBe(1);

    await chooser.setInputFiles({
      name: "avatar.png",
      mimeType: "image/png",
      buffer: Buffer.from("<svg onload=alert(1)>"),
    });
    await fileRead();
    await upload.click();
    await poll(() => text(page, "#upload-status")).toBe(
      "That file is not a PNG, JPEG or GIF image",
    );
    expect(console).toEqual([]);
    await close();
  });

  it("Error handling: messages for expected failures; an uncaught one leaves the page working", async () => {
    const { page, console, close } = await playground.open("/examples/errors/");

    await page.getByRole("button", { name: "Load article 999" }).click();
    await poll(() => text(page, "#article-container")).toBe(
      "Article not found",
    );
    await page.getByRole("button", { name: "Load article 1" }).click();
    await poll(() => text(page, "#article-container h3")).toBe(
      "HTML over the wire",
    );

    await page.getByRole("button", { name: "With invalid input" }).click();
    await poll(() => text(page, "#result")).toBe(
      "Invalid input: the amount must be a positive number",
    );
    await page.getByRole("button", { name: "With a crash" }).click();
    await poll(() => text(page, "#result")).toBe(
      "An unexpected error occurred. Please try again.",
    );
    await page.getByRole("button", { name: "Run the operation" }).click();
    await poll(() => text(page, "#result")).toBe(
      "Success: operation completed.",
    );
    expect(console).toEqual([]);

    const broken = page.getByRole("button", {
      name: "Call a handler that throws",
    });
    await broken.click();
    // In dev, Vite's overlay shows the handler's error; Escape dismisses it.
    await page.locator("vite-error-overlay").waitFor();
    await poll(() =>
      page.locator("vite-error-overlay .message-body").textContent(),
    ).toContain("This handler always fails (on purpose)");
    await page.keyboard.press("Escape");
    await page.locator("vite-error-overlay").waitFor({ state: "detached" });
    await poll(() => broken.getAttribute("aria-busy")).toBeNull();

    const missing = page.getByRole("button", {
      name: "Call a misspelt handler",
    });
    await missing.click();
    await poll(() => console.length).toBe(2);
    await poll(() => missing.getAttribute("aria-busy")).toBeNull();
    expect(console[0]).toMatch(
      /^error: LiveView LV_ERR_HANDLER_FAILED: Handler "broken_handler" failed: This handler always fails/,
    );
    // In dev the answer names the closest registered handler.
    expect(console[1]).toBe(
      'error: LiveView LV_ERR_UNKNOWN_HANDLER: No handler named "brokn_handler" (did you mean "broken_handler"?)',
    );

    // The socket is still open: the next call is answered as usual.
    await page.getByRole("button", { name: "Load article 999" }).click();
    await poll(() => text(page, "#article-container")).toBe(
      "Article not found",
    );
    expect(console).toHaveLength(2);
    await close();
  });
});
