/**
 * The Uploads page in Chromium: files chosen (setInputFiles) or dropped (a synthetic drop), the
 * progress bar, refusals in the browser and by the server, cancel, many files, and what stays on
 * the dev server's disk (its upload folder comes from test/setup/browser.ts).
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  myPlayground,
  poll,
  text,
  texts,
  usePlayground,
} from "./playground.ts";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** Every file in the dev server's upload folder. */
function filesOnServer(dir = myPlayground().uploads): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesOnServer(join(dir, entry.name)) : [entry.name],
  );
}

/**
 * The calls with files the page announces, and the go-aheads the server answers them with
 * (file bytes, sent as Blob frames, do not show in the browser's frame events).
 */
function recordUploads(page: Page): { announced: string[]; accepted: number } {
  const seen = { announced: [] as string[], accepted: 0 };
  page.on("websocket", (socket) => {
    socket.on("framesent", ({ payload }) => {
      const message = JSON.parse(String(payload)) as { uploads?: object };
      if (message.uploads)
        seen.announced.push(
          ...Object.values(message.uploads)
            .flat()
            .map((file) => file.name),
        );
    });
    socket.on("framereceived", ({ payload }) => {
      if (String(payload).includes('"refs"')) seen.accepted += 1;
    });
  });
  return seen;
}

/** Gives the input a file made in the page (no transfer from the test), as a picker would. */
async function chooseBigFile(page: Page, selector: string, bytes: number) {
  await page.locator(selector).evaluate((input: HTMLInputElement, size) => {
    const files = new DataTransfer();
    files.items.add(new File([new Uint8Array(size)], "big.bin"));
    input.files = files.files;
  }, bytes);
}

/** Resolves in the page with the progress events of `name`, from now until `until` returns true. */
function progressOf(page: Page, name: string) {
  return page.evaluate(
    (field) =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        document.addEventListener("liveview:upload-progress", ({ detail }) => {
          if (detail.name !== field) return;
          seen.push(detail.status);
          if (detail.status !== "uploading") resolve(seen);
        });
      }),
    name,
  );
}

describe("the Uploads page in Chromium", () => {
  const playground = usePlayground();

  it("an avatar chosen with the picker fills the bar, reaches the handler, which keeps it, and shows; nothing is left in the upload folder. What the input does not accept is refused in the browser, a file over the handler's limit by the server, with no byte sent", async () => {
    const { page, console } = await playground.blank();
    // Listening before the page opens its socket.
    const uploads = recordUploads(page);
    await page.goto(playground.url("/examples/uploads/"));
    await page.setInputFiles("#avatar-input", {
      name: "me.png",
      mimeType: "image/png",
      buffer: PNG,
    });
    const events = progressOf(page, "avatar");
    await page.getByRole("button", { name: "Upload avatar" }).click();
    await poll(() => text(page, "#avatar figcaption")).toBe(
      `me.png, ${PNG.length} bytes: kept.`,
    );
    expect(await events).toEqual(["uploading", "uploaded"]);
    const bar = page.locator('[data-liveview-upload-progress="avatar"]');
    expect(
      await bar.evaluate((p: HTMLProgressElement) => [p.value, p.max]),
    ).toEqual([PNG.length, PNG.length]);
    expect(
      await page
        .getByAltText("Your avatar")
        .evaluate((image: HTMLImageElement) => image.naturalWidth),
    ).toBe(1);
    // Answered: the input is emptied for the next file.
    expect(await page.locator("#avatar-input").inputValue()).toBe("");
    expect(filesOnServer()).toEqual([]);
    expect(uploads).toEqual({ announced: ["me.png"], accepted: 1 });

    const upload = page.getByRole("button", { name: "Upload avatar" });
    const error = () => text(page, "#avatar-error");

    await page.setInputFiles("#avatar-input", {
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("hello"),
    });
    await upload.click();
    await poll(error).toBe("notes.txt: not an accepted type (image/*)");
    expect(
      await page.locator("#avatar-input").getAttribute("aria-invalid"),
    ).toBe("true");

    // Two files for a single-file input (as a drop can do).
    await page.locator("#avatar-input").evaluate((input: HTMLInputElement) => {
      const files = new DataTransfer();
      for (const name of ["a.png", "b.png"])
        files.items.add(new File(["x"], name, { type: "image/png" }));
      input.files = files.files;
    });
    await upload.click();
    await poll(error).toBe("b.png: one file too many (at most 1)");

    await page.setInputFiles("#avatar-input", {
      name: "huge.png",
      mimeType: "image/png",
      buffer: Buffer.alloc(2_500_000),
    });
    await upload.click();
    await poll(error).toBe("huge.png: too large (2.5 MB; at most 2 MB)");
    // Refused in the browser: never announced. Refused by the server: announced, never accepted.
    expect(uploads).toEqual({ announced: ["me.png", "huge.png"], accepted: 1 });
    expect(filesOnServer()).toEqual([]);
    expect(console).toEqual([]);
  });

  it("files dropped on a drop target go into its input, and the call sends them; 100 small files go in one call", async () => {
    const { page, console, close } =
      await playground.open("/examples/uploads/");
    await page
      .locator('[data-liveview-drop-target="documents"]')
      .evaluate((target) => {
        const files = new DataTransfer();
        files.items.add(new File(["one"], "one.txt", { type: "text/plain" }));
        files.items.add(new File(["two!"], "two.txt", { type: "text/plain" }));
        for (const type of ["dragenter", "dragover", "drop"])
          target.dispatchEvent(
            new DragEvent(type, {
              dataTransfer: files,
              bubbles: true,
              cancelable: true,
            }),
          );
      });
    expect(
      await page
        .locator("#documents-input")
        .evaluate((input: HTMLInputElement) =>
          Array.from(input.files ?? [], (file) => file.name),
        ),
    ).toEqual(["one.txt", "two.txt"]);
    await page.getByRole("button", { name: "Upload files" }).click();
    await poll(() => text(page, "#documents .success")).toBe(
      "2 files, 7 bytes, received and let go.",
    );
    expect(await texts(page, "#documents li strong")).toEqual([
      "one.txt",
      "two.txt",
    ]);
    // The handler saw them on disk; they went once it returned.
    const paths = await texts(page, "#documents .upload-path");
    expect(paths.map((path) => existsSync(path))).toEqual([false, false]);

    await page.setInputFiles(
      "#documents-input",
      Array.from({ length: 100 }, (_, n) => ({
        name: `file-${n}.txt`,
        mimeType: "text/plain",
        buffer: Buffer.from(`file number ${n}`),
      })),
    );
    await page.getByRole("button", { name: "Upload files" }).click();
    await poll(() => text(page, "#documents .success")).toMatch(
      /^100 files, \d+ bytes, received and let go\.$/,
    );
    expect(await text(page, "#documents li:last-child")).toBe("and 80 more");
    await poll(() => filesOnServer()).toEqual([]);
    expect(console).toEqual([]);
    await close();
  });

  it("Cancel mid-way removes the partial file and the socket keeps answering, also during an upload", async () => {
    const { page, console, close } =
      await playground.open("/examples/uploads/");
    await chooseBigFile(page, "#documents-input", 40_000_000);
    // At the first progress, a click on "Still there?" and then on Cancel, from inside the page.
    const order = page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          let pinged = false;
          document.addEventListener(
            "liveview:upload-progress",
            ({ detail }) => {
              if (
                detail.status === "uploading" &&
                detail.loaded > 0 &&
                !pinged
              ) {
                pinged = true;
                document
                  .querySelector<HTMLElement>(
                    "[data-liveview-function=upload_ping]",
                  )!
                  .click();
              }
              if (detail.status !== "uploading") seen.push(detail.status);
            },
          );
          document.addEventListener("liveview:ack", ({ detail }) => {
            const element = detail.element as HTMLElement | undefined;
            if (element?.dataset.liveviewFunction === "upload_ping") {
              seen.push("pong");
              document
                .querySelector<HTMLElement>(
                  '[data-liveview-upload-cancel="documents"]',
                )!
                .click();
            } else {
              seen.push("ack");
              resolve(seen);
            }
          });
        }),
    );
    await page.getByRole("button", { name: "Upload files" }).click();
    // The click was answered before the upload ended; the cancel ended it, with an ack.
    expect(await order).toEqual(["pong", "cancelled", "ack"]);
    expect(await text(page, "#upload-ping")).toMatch(/^Answered at/);
    expect(await text(page, "#documents")).toBe("");
    expect(filesOnServer()).toEqual([]);
    expect(
      await page
        .locator('[data-liveview-upload-progress="documents"]')
        .evaluate((p: HTMLProgressElement) => p.value),
    ).toBe(0);
    await page.getByRole("button", { name: "Still there?" }).click();
    await poll(() => page.locator("[aria-busy=true]").count()).toBe(0);
    expect(console).toEqual([]);
    await close();
  });
});
