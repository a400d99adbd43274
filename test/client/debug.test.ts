// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveViewDebugHandle } from "../../client/index.ts";
import { resetDocument, startPage, type Page } from "./fakes.ts";

let page: Page | undefined;

beforeEach(() => {
  resetDocument();
  sessionStorage.clear();
  document.documentElement.setAttribute("data-room", "r");
});

afterEach(() => {
  page?.handle.stop();
  page = undefined;
  sessionStorage.clear();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

type WithHandle = Window & { liveview?: LiveViewDebugHandle };

function liveview(): LiveViewDebugHandle {
  const handle = (window as WithHandle).liveview;
  if (handle === undefined) throw new Error("window.liveview is not set");
  return handle;
}

/** The text of each console.log line (its first argument). */
function lines(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map((call) => String(call[0]));
}

describe("window.liveview", () => {
  it("is set by startLiveView and removed when that client stops", async () => {
    page = await startPage(``);
    expect(typeof liveview().debug).toBe("function");
    expect(typeof liveview().latency).toBe("function");
    page.handle.stop();
    page = undefined;
    expect((window as WithHandle).liveview).toBeUndefined();
  });

  it("leaves a liveview the page already has alone", async () => {
    const own = { mine: true };
    (window as Window & { liveview?: unknown }).liveview = own;
    page = await startPage(``);
    expect((window as Window & { liveview?: unknown }).liveview).toBe(own);
    page.handle.stop();
    page = undefined;
    expect((window as Window & { liveview?: unknown }).liveview).toBe(own);
    delete (window as Window & { liveview?: unknown }).liveview;
  });
});

describe("liveview.debug()", () => {
  it("logs every frame out with its function and size, and every frame in with its size and time since its call", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    page = await startPage(`<div id="box"></div>`);
    expect(liveview().debug(true)).toBe(true);
    page.handle.send("say_hello", { data: { name: "Zoë" } });
    const html = { target: "#box", html: "<p>Hi</p>" };
    page.socket.receive(html);
    page.socket.receive({ ack: 1 });

    const message = page.socket.sent[0]!;
    const bytes = (text: string): number =>
      new TextEncoder().encode(text).length;
    expect(lines(log)).toEqual([
      `LiveView ↑ say_hello ${bytes(message)} B`,
      expect.stringMatching(
        new RegExp(`^LiveView ↓ ${bytes(JSON.stringify(html))} B \\+\\d+ ms$`),
      ),
      expect.stringMatching(/^LiveView ↓ 9 B \+\d+ ms$/),
    ]);
    // The ë is two bytes in UTF-8: sizes are bytes on the wire, not characters.
    expect(new TextEncoder().encode(message).length).toBe(message.length + 1);
    expect(log.mock.calls[0]![1]).toMatchObject({ function: "say_hello" });
    expect(log.mock.calls[2]![1]).toEqual({ ack: 1 });
  });

  it("is kept in sessionStorage, so the next page load of this tab logs too, until debug(false)", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    page = await startPage(``);
    liveview().debug(true);
    expect(sessionStorage.getItem("liveview:debug")).toBe("1");
    page.handle.stop();

    page = await startPage(``);
    expect(lines(log)).toContain("LiveView debug on");
    page.socket.receive({ ack: 5 });
    expect(lines(log).at(-1)).toMatch(/^LiveView ↓ 9 B/);

    expect(liveview().debug(false)).toBe(false);
    expect(sessionStorage.getItem("liveview:debug")).toBeNull();
    const before = log.mock.calls.length;
    page.handle.send("quiet");
    page.socket.receive({ ack: 1 });
    expect(log.mock.calls.length).toBe(before);
  });

  it("logs nothing unless asked", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    page = await startPage(``);
    page.handle.send("f");
    page.socket.receive({ ack: 1 });
    expect(log).not.toHaveBeenCalled();
  });
});

describe("liveview.latency()", () => {
  it("delays every send and every receive by the given ms", async () => {
    vi.useFakeTimers();
    vi.spyOn(console, "log").mockImplementation(() => {});
    page = await startPage(`<div id="box">old</div>`);
    liveview().latency(300);
    page.handle.send("f");
    expect(page.socket.sent).toEqual([]);
    vi.advanceTimersByTime(300);
    expect(page.socket.messages()).toMatchObject([{ function: "f" }]);

    page.socket.receive({ target: "#box", html: "new" });
    vi.advanceTimersByTime(299);
    expect(document.querySelector("#box")!.textContent).toBe("old");
    vi.advanceTimersByTime(1);
    expect(document.querySelector("#box")!.textContent).toBe("new");
  });

  it("shows the trigger busy from the click, through the delay, until the delayed ack", async () => {
    vi.useFakeTimers();
    vi.spyOn(console, "log").mockImplementation(() => {});
    page = await startPage(
      `<button id="b" data-liveview-function="f" data-action="click->page#run">Go</button>`,
    );
    liveview().latency(200);
    const button = document.querySelector<HTMLElement>("#b")!;
    button.click();
    expect(button.getAttribute("aria-busy")).toBe("true");
    vi.advanceTimersByTime(200);
    page.socket.receive({ ack: 1 });
    expect(button.getAttribute("aria-busy")).toBe("true");
    vi.advanceTimersByTime(200);
    expect(button.hasAttribute("aria-busy")).toBe(false);
  });

  it("is kept in sessionStorage until latency(0)", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    page = await startPage(``);
    expect(liveview().latency(250)).toBe(250);
    expect(sessionStorage.getItem("liveview:latency")).toBe("250");
    expect(liveview().latency(0)).toBe(0);
    expect(sessionStorage.getItem("liveview:latency")).toBeNull();
    page.handle.send("f");
    expect(page.socket.messages()).toHaveLength(1);
  });
});
