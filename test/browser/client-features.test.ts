import type { Page } from "playwright-core";
import { describe, expect, it, onTestFinished } from "vitest";
import { openPage } from "../helpers/browser.ts";
import { poll, text, texts, usePlayground } from "./playground.ts";

const PATH = "/examples/client-features/";

describe("the playground's client features page in Chromium", () => {
  const playground = usePlayground();

  /** The page, with the LiveView frames it writes recorded from its first one. */
  async function open(): Promise<{
    page: Page;
    console: string[];
    sent: string[];
  }> {
    const { page, console } = await playground.blank();
    const sent: string[] = [];
    page.on("websocket", (socket) => {
      if (socket.url().includes("/ws/liveview/"))
        socket.on("framesent", (frame) => sent.push(String(frame.payload)));
    });
    await page.goto(playground.url(PATH));
    return { page, console, sent };
  }

  /** Calls of `fn` the page has written to its socket. */
  const callsOf = (sent: string[], fn: string): number =>
    sent.filter((frame) => JSON.parse(frame).function === fn).length;

  /** Records the Save button and the spinner when the save's HTML arrives and once it is acked. */
  async function watchSave(page: Page): Promise<void> {
    await page.evaluate(() => {
      const record = (moment: string): void => {
        const button = document.querySelector<HTMLButtonElement>("#save-note")!;
        const spinner = document.querySelector("#save-spinner")!;
        (window as unknown as { saves: unknown[] }).saves.push({
          moment,
          disabled: button.disabled,
          text: button.textContent?.trim(),
          spinner: spinner.classList.contains("liveview-loading"),
        });
      };
      (window as unknown as { saves: unknown[] }).saves = [];
      document.addEventListener("liveview:frame", (event) => {
        if (event.detail.frame.target === "#saved-notes") record("frame");
      });
      document.addEventListener("liveview:ack", () => record("ack"));
    });
  }

  const saves = (page: Page): Promise<unknown[]> =>
    page.evaluate(() => (window as unknown as { saves: unknown[] }).saves);

  it("disable-with: a double click saves once; the button says Saving… and the spinner shows until the ack", async () => {
    const { page, console, sent } = await open();
    await watchSave(page);
    await page.getByPlaceholder("A note").fill("first");
    await page.getByRole("button", { name: "Save" }).dblclick();

    await poll(() => saves(page)).toEqual([
      { moment: "frame", disabled: true, text: "Saving…", spinner: true },
      { moment: "ack", disabled: false, text: "Save", spinner: false },
    ]);
    expect(await texts(page, "#saved-notes li")).toEqual(["first"]);
    // Any second click would have been written before the first call's ack.
    expect(callsOf(sent, "save_note")).toBe(1);
    expect(console).toEqual([]);
  });

  it("keyboard: Ctrl+S anywhere calls save_note with the page's fields, and the browser's own Ctrl+S is prevented", async () => {
    const { page, console } = await open();
    await page.evaluate(() => {
      window.addEventListener("keydown", (event) => {
        if (event.ctrlKey && event.key === "s")
          document.body.dataset.ctrlSPrevented = String(event.defaultPrevented);
      });
    });
    await page.getByPlaceholder("A note").fill("by keyboard");
    await page.keyboard.press("Control+s");
    await poll(() => texts(page, "#saved-notes li")).toEqual(["by keyboard"]);
    expect(
      await page.locator("body").getAttribute("data-ctrl-s-prevented"),
    ).toBe("true");
    expect(console).toEqual([]);
  });

  it("keyboard: a list's map hears its keys only while focus is in it", async () => {
    const { page, console } = await open();
    const list = page.getByRole("listbox", { name: "Folders" });
    const selected = () => text(page, '#folders [aria-selected="true"]');
    expect(await list.getAttribute("tabindex")).toBe("0");

    await list.focus();
    await page.keyboard.press("ArrowDown");
    await poll(selected).toBe("Drafts");
    await page.keyboard.press("ArrowDown");
    await poll(selected).toBe("Archive");
    await page.keyboard.press("ArrowUp");
    await poll(selected).toBe("Drafts");

    // Outside the list the arrow is the page's; calls are answered in order, so had this one been
    // sent, the ArrowUp after it would end on Drafts, not Inbox.
    await page.getByPlaceholder("A note").focus();
    await page.keyboard.press("ArrowDown");
    await list.focus();
    await page.keyboard.press("ArrowUp");
    await poll(selected).toBe("Inbox");
    await page.keyboard.press("Enter");
    await poll(() => text(page, "#opened-folder")).toBe("Opened Inbox.");
    expect(
      await list.evaluate((element) => element === document.activeElement),
    ).toBe(true);
    expect(console).toEqual([]);
  });

  it("inline scripts: the widget's script runs with el, its __cleanup runs before the next widget replaces it, its template never runs", async () => {
    const { page, console } = await open();
    const load = page.getByRole("button", { name: "Load a widget" });
    const ticks = async () =>
      Number(await page.locator("#widget output").textContent());

    await load.click();
    await poll(() => text(page, "#widget p")).toMatch(/^Widget #1: \d+ ticks$/);
    await poll(ticks).toBeGreaterThan(0);

    await load.click();
    await poll(() => text(page, "#widget p")).toMatch(/^Widget #2: /);
    // The cleanup read the generation from the content it was about to lose.
    expect(await texts(page, "#cleanup-log li")).toEqual(["Widget #1 stopped"]);
    expect(await page.evaluate(() => "templateRan" in window)).toBe(false);
    expect(await page.locator("#widget .widget-template").textContent()).toBe(
      "window.templateRan = true;",
    );
    expect(console).toEqual([]);
  });

  it("permanent: the panel's morph leaves the data-liveview-permanent counter running and resets the other", async () => {
    const { page, console } = await open();
    const ticksOf = (id: string) =>
      page.evaluate(
        (id) => Number(document.getElementById(id)!.dataset.ticks ?? 0),
        id,
      );
    await poll(() => ticksOf("stopwatch")).toBeGreaterThanOrEqual(5);
    await page.evaluate(() => {
      (
        document.getElementById("stopwatch") as HTMLElement & { mark?: number }
      ).mark = 1;
    });
    const before = await ticksOf("stopwatch");

    await page.getByRole("button", { name: "Refresh the panel" }).click();
    await poll(() => text(page, "#refresh-count")).toBe("1");
    // Read together: both count on the same timer, so only a reset puts the plain one behind.
    const [permanent, plain, marked] = await page.evaluate(() => {
      const watch = document.getElementById("stopwatch") as HTMLElement & {
        mark?: number;
      };
      const other = document.getElementById("stopwatch-plain")!;
      return [
        Number(watch.dataset.ticks),
        Number(other.dataset.ticks ?? 0),
        watch.mark,
      ];
    });
    expect(permanent).toBeGreaterThanOrEqual(before);
    expect(plain).toBeLessThan(permanent! - 2);
    expect(marked).toBe(1);
    expect(console).toEqual([]);
  });

  it("events: cancelling liveview:frame skips applying that frame; the log hears acks", async () => {
    const { page, console } = await open();
    const refresh = page.getByRole("button", { name: "Refresh the panel" });
    await page.getByLabel("Skip frames").check();
    await refresh.click();
    await poll(() => texts(page, "#event-log li")).toEqual(
      expect.arrayContaining([
        "liveview:frame #panel (skipped)",
        "liveview:ack #1",
      ]),
    );
    expect(await text(page, "#refresh-count")).toBe("0");

    await page.getByLabel("Skip frames").uncheck();
    await refresh.click();
    // The server counted both calls; only the second answer was applied.
    await poll(() => text(page, "#refresh-count")).toBe("2");
    expect((await texts(page, "#event-log li")).slice(0, 2)).toEqual([
      "liveview:ack #2",
      "liveview:frame #panel",
    ]);
    expect(console).toEqual([]);
  });

  it("connection: <html> has liveview-disconnected while the socket is down, and the events say so", async () => {
    const { context, page, console } = await openPage();
    onTestFinished(() => context.close());
    const routes: { close(options: { code: number }): Promise<void> }[] = [];
    await context.routeWebSocket(/\/ws\/liveview\//, (socket) => {
      socket.connectToServer();
      routes.push(socket);
    });
    await page.goto(playground.url(PATH));
    const disconnected = () =>
      page.evaluate(() =>
        document.documentElement.classList.contains("liveview-disconnected"),
      );
    await poll(() => texts(page, "#event-log li")).toContain(
      "liveview:connected",
    );
    expect(await disconnected()).toBe(false);
    expect(await page.locator(".when-connected").isVisible()).toBe(true);

    await page.evaluate(() => {
      document.addEventListener("liveview:disconnected", () => {
        document.body.dataset.wasDisconnected = String(
          document.documentElement.classList.contains("liveview-disconnected"),
        );
      });
    });
    await routes[0]!.close({ code: 1012 });
    await poll(() =>
      page.locator("body").getAttribute("data-was-disconnected"),
    ).toBe("true");
    // This page reconnects after 300 ms.
    await poll(() => texts(page, "#event-log li")).toEqual(
      expect.arrayContaining([
        "liveview:disconnected code 1012",
        "liveview:reconnected",
      ]),
    );
    expect(await disconnected()).toBe(false);
    expect(await page.locator(".when-connected").isVisible()).toBe(true);
    expect(routes).toHaveLength(2);
    expect(console).toEqual([]);
  });

  it("connection: a close with 4401 dispatches liveview:unauthorized and reloads the page", async () => {
    const { context, page, console } = await openPage();
    onTestFinished(() => context.close());
    const routes: { close(options: { code: number }): Promise<void> }[] = [];
    await context.routeWebSocket(/\/ws\/liveview\//, (socket) => {
      socket.connectToServer();
      routes.push(socket);
    });
    await page.goto(playground.url(PATH));
    await poll(() => texts(page, "#event-log li")).toContain(
      "liveview:connected",
    );
    await page.evaluate(() => {
      (window as unknown as { beforeReload: boolean }).beforeReload = true;
      document.addEventListener("liveview:unauthorized", (event) =>
        sessionStorage.setItem("unauthorized", String(event.detail.code)),
      );
    });
    await routes[0]!.close({ code: 4401 });
    await poll(() => page.evaluate(() => "beforeReload" in window)).toBe(false);
    expect(
      await page.evaluate(() => sessionStorage.getItem("unauthorized")),
    ).toBe("4401");
    expect(console).toEqual([]);
  });

  it("debugging: liveview.debug(true) logs every frame in and out, and stays on across a reload until debug(false)", async () => {
    const { page, console } = await open();
    const logged: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "log") logged.push(message.text());
    });
    await page.getByRole("button", { name: "Debug on" }).click();
    await page.reload();
    await poll(() => logged).toContain("LiveView debug on");

    await page.getByRole("button", { name: "Load a widget" }).click();
    await poll(() => logged.join("\n")).toMatch(
      /^LiveView ↑ load_widget \d+ B /m,
    );
    await poll(() => logged.join("\n")).toMatch(/^LiveView ↓ \d+ B \+\d+ ms /m);

    await page.getByRole("button", { name: "Debug off" }).click();
    expect(
      await page.evaluate(() => sessionStorage.getItem("liveview:debug")),
    ).toBe(null);
    expect(console).toEqual([]);
  });
});
