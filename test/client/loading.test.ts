// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetDocument, startPage, type Page } from "./fakes.ts";

let page: Page | undefined;

beforeEach(() => {
  resetDocument();
  document.documentElement.setAttribute("data-room", "r");
});

afterEach(() => {
  page?.handle.stop();
  page = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const button = `<button id="save" data-liveview-function="save" data-action="click->page#run">Save</button>`;

function isBusy(): boolean {
  const element = document.querySelector("#save")!;
  return (
    element.getAttribute("aria-busy") === "true" &&
    element.classList.contains("liveview-loading")
  );
}

function isIdle(): boolean {
  const element = document.querySelector("#save")!;
  return (
    !element.hasAttribute("aria-busy") &&
    !element.classList.contains("liveview-loading")
  );
}

describe("loading state", () => {
  it("marks the trigger busy until its ack arrives", async () => {
    page = await startPage(button);
    document.querySelector<HTMLElement>("#save")!.click();
    expect(isBusy()).toBe(true);
    page.socket.receive({ ack: 2 });
    expect(isBusy()).toBe(true);
    page.socket.receive({ ack: 1 });
    expect(isIdle()).toBe(true);
  });

  it("clears on an error for that id, and logs the code", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    page = await startPage(button);
    document.querySelector<HTMLElement>("#save")!.click();
    page.socket.receive({
      error: "Unknown function",
      code: "LV_ERR_UNKNOWN_HANDLER",
      id: 1,
    });
    expect(isIdle()).toBe(true);
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining("LV_ERR_UNKNOWN_HANDLER"),
    );
  });

  it("logs an error without an id and leaves loading state alone", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    page = await startPage(button);
    document.querySelector<HTMLElement>("#save")!.click();
    page.socket.receive({ error: "Bad message", code: "LV_ERR_BAD_MESSAGE" });
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining("LV_ERR_BAD_MESSAGE"),
    );
    expect(isBusy()).toBe(true);
  });

  it("stays busy until every message of a trigger clicked twice is answered", async () => {
    page = await startPage(button);
    const save = document.querySelector<HTMLElement>("#save")!;
    save.click();
    save.click();
    page.socket.receive({ ack: 1 });
    expect(isBusy()).toBe(true);
    page.socket.receive({ ack: 2 });
    expect(isIdle()).toBe(true);
  });

  it("clears messages lost with a dropped socket, but keeps queued ones busy until answered", async () => {
    vi.useFakeTimers();
    page = await startPage(
      button +
        `<button id="later" data-liveview-function="later" data-action="click->page#run">L</button>`,
    );
    document.querySelector<HTMLElement>("#save")!.click();
    page.socket.drop();
    expect(isIdle()).toBe(true);
    const later = document.querySelector<HTMLElement>("#later")!;
    later.click();
    expect(later.getAttribute("aria-busy")).toBe("true");
    vi.advanceTimersByTime(3300);
    page.sockets.latest().accept();
    expect(
      page.sockets
        .latest()
        .messages()
        .map((m) => m.function),
    ).toEqual(["later"]);
    page.sockets.latest().receive({ ack: 2 });
    expect(later.hasAttribute("aria-busy")).toBe(false);
  });
});

describe("debounce", () => {
  it("sends only the last input within the window, with the final value", async () => {
    vi.useFakeTimers();
    page = await startPage(
      `<input type="search" name="search" data-liveview-function="search_articles"
         data-liveview-debounce="500" data-action="input->page#run">`,
    );
    const input = document.querySelector<HTMLInputElement>("input")!;
    for (const value of ["p", "py", "pyt", "python"]) {
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      vi.advanceTimersByTime(200);
    }
    expect(page.socket.sent).toEqual([]);
    vi.advanceTimersByTime(299);
    expect(page.socket.sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(page.socket.messages()).toHaveLength(1);
    expect(page.socket.messages()[0]).toMatchObject({
      function: "search_articles",
      form: { search: "python" },
    });
  });

  it("debounces each element on its own", async () => {
    vi.useFakeTimers();
    page = await startPage(
      `<input name="a" data-liveview-function="fa" data-liveview-debounce="100" data-action="input->page#run">
       <input name="b" data-liveview-function="fb" data-liveview-debounce="100" data-action="input->page#run">`,
    );
    for (const input of Array.from(document.querySelectorAll("input"))) {
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    vi.advanceTimersByTime(100);
    expect(page.socket.messages().map((m) => m.function)).toEqual(["fa", "fb"]);
  });

  it("drops a pending debounced call when the client stops", async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, "warn");
    page = await startPage(
      `<input name="a" data-liveview-function="fa" data-liveview-debounce="100" data-action="input->page#run">`,
    );
    document
      .querySelector("input")!
      .dispatchEvent(new Event("input", { bubbles: true }));
    const { socket } = page;
    page.handle.stop();
    page = undefined;
    vi.advanceTimersByTime(1000);
    expect(socket.sent).toEqual([]);
    expect(warn.mock.calls).toEqual([]);
  });
});
