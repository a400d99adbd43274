// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RESYNC_EVENT } from "../../client/events.ts";
import { resetDocument, startPage, type Page } from "./fakes.ts";

let page: Page | undefined;
let stopRecording: (() => void) | undefined;

beforeEach(() => {
  resetDocument();
  document.documentElement.setAttribute("data-room", "r");
});

afterEach(() => {
  stopRecording?.();
  page?.handle.stop();
  page = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const EVENTS = [
  "liveview:connected",
  "liveview:disconnected",
  "liveview:reconnected",
  "liveview:ack",
  "liveview:error",
  "liveview:frame",
  "liveview:history-restored",
] as const;

/** Every liveview:* event heard on `window` (so they bubble), in order, with its detail. */
function record(): { type: string; detail: Record<string, unknown> }[] {
  const heard: { type: string; detail: Record<string, unknown> }[] = [];
  const listener = (event: Event): void => {
    heard.push({
      type: event.type,
      detail: (event as CustomEvent<Record<string, unknown>>).detail,
    });
  };
  for (const type of EVENTS) window.addEventListener(type, listener);
  stopRecording = () => {
    for (const type of EVENTS) window.removeEventListener(type, listener);
  };
  return heard;
}

const types = (heard: { type: string }[]): string[] =>
  heard.map((event) => event.type);

const button = `<button id="save" data-liveview-function="save" data-action="click->page#run">Save</button>`;

describe("connection events", () => {
  it("dispatches connected on open, disconnected once per loss with its code, and reconnected when a new socket opens", async () => {
    vi.useFakeTimers();
    const heard = record();
    page = await startPage(``);
    expect(types(heard)).toEqual(["liveview:connected"]);

    page.socket.drop(1012);
    vi.advanceTimersByTime(4000);
    page.sockets.latest().drop();
    expect(types(heard)).toEqual([
      "liveview:connected",
      "liveview:disconnected",
    ]);
    expect(heard[1]!.detail).toEqual({ code: 1012 });

    vi.advanceTimersByTime(5000);
    page.sockets.latest().accept();
    expect(types(heard)).toEqual([
      "liveview:connected",
      "liveview:disconnected",
      "liveview:connected",
      "liveview:reconnected",
    ]);
  });

  it("does not call it a reconnect when the browser comes back online with the socket still open", async () => {
    const heard = record();
    page = await startPage(``);
    window.dispatchEvent(new Event("offline"));
    window.dispatchEvent(new Event("online"));
    expect(types(heard)).toEqual([
      "liveview:connected",
      "liveview:disconnected",
      "liveview:connected",
    ]);
  });

  it("puts liveview-disconnected on <html> while the socket is down", async () => {
    vi.useFakeTimers();
    page = await startPage(``);
    const root = document.documentElement.classList;
    expect(root.contains("liveview-disconnected")).toBe(false);
    page.socket.drop();
    expect(root.contains("liveview-disconnected")).toBe(true);
    vi.advanceTimersByTime(4000);
    page.sockets.latest().accept();
    expect(root.contains("liveview-disconnected")).toBe(false);
  });
});

describe("call events", () => {
  it("dispatches ack with the id and the trigger", async () => {
    const heard = record();
    page = await startPage(button);
    document.querySelector<HTMLElement>("#save")!.click();
    page.socket.receive({ ack: 1 });
    expect(heard.at(-1)).toEqual({
      type: "liveview:ack",
      detail: { id: 1, element: document.querySelector("#save") },
    });
  });

  it("dispatches error with code, message, id, trigger and issues, and logs the code when the page has nowhere to show them", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const heard = record();
    page = await startPage(button);
    document.querySelector<HTMLElement>("#save")!.click();
    page.socket.receive({
      error: "Invalid input",
      code: "LV_ERR_INVALID_INPUT",
      id: 1,
      issues: [
        { path: "email", message: "Not an email" },
        { path: "address.city", message: "Required" },
        { message: "About the whole form" },
        { path: "ignored" },
      ],
    });
    expect(heard.at(-1)).toEqual({
      type: "liveview:error",
      detail: {
        code: "LV_ERR_INVALID_INPUT",
        message: "Invalid input",
        id: 1,
        element: document.querySelector("#save"),
        issues: [
          { path: "email", message: "Not an email" },
          { path: "address.city", message: "Required" },
          { path: "", message: "About the whole form" },
        ],
      },
    });
    expect(error).toHaveBeenCalledWith(
      "LiveView LV_ERR_INVALID_INPUT: Invalid input",
    );
  });

  it("dispatches error for a handler's own {error} frame, with no code, id or trigger", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const heard = record();
    page = await startPage(``);
    page.socket.receive({ error: "Unauthorized" });
    expect(heard.at(-1)).toEqual({
      type: "liveview:error",
      detail: {
        code: undefined,
        message: "Unauthorized",
        id: undefined,
        element: undefined,
        issues: undefined,
      },
    });
  });

  it("fails a call whose socket died before its answer with LV_ERR_CONNECTION_LOST, without a console error", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const heard = record();
    page = await startPage(button);
    document.querySelector<HTMLElement>("#save")!.click();
    page.socket.drop();
    const failed = heard.find((event) => event.type === "liveview:error");
    expect(failed?.detail).toMatchObject({
      code: "LV_ERR_CONNECTION_LOST",
      id: 1,
      element: document.querySelector("#save"),
    });
    expect(error).not.toHaveBeenCalled();
  });

  it("does not fail a call still waiting in the queue: the next socket sends it", async () => {
    vi.useFakeTimers();
    const heard = record();
    page = await startPage(button);
    page.socket.drop();
    document.querySelector<HTMLElement>("#save")!.click();
    page.sockets.latest().drop();
    expect(types(heard)).not.toContain("liveview:error");
  });
});

describe("frame events", () => {
  it("dispatches frame before applying it, with the frame as sent", async () => {
    page = await startPage(`<div id="box">old</div>`);
    let seen: string | undefined;
    const listener = (event: DocumentEventMap["liveview:frame"]): void => {
      seen = document.querySelector("#box")!.textContent ?? "";
      expect(event.detail.frame).toEqual({ target: "#box", html: "new" });
    };
    document.addEventListener("liveview:frame", listener);
    page.socket.receive({ target: "#box", html: "new" });
    document.removeEventListener("liveview:frame", listener);
    expect(seen).toBe("old");
    expect(document.querySelector("#box")!.textContent).toBe("new");
  });

  it("skips applying a frame whose event was cancelled", async () => {
    page = await startPage(`<div id="box">old</div>`);
    const cancel = (event: Event): void => event.preventDefault();
    document.addEventListener("liveview:frame", cancel);
    page.socket.receive({ target: "#box", html: "new", title: "New" });
    document.removeEventListener("liveview:frame", cancel);
    expect(document.querySelector("#box")!.textContent).toBe("old");
    expect(document.title).toBe("");
    page.socket.receive({ target: "#box", html: "newer" });
    expect(document.querySelector("#box")!.textContent).toBe("newer");
  });

  it("does not dispatch frame for acks and errors, which have their own events", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const heard = record();
    page = await startPage(``);
    page.socket.receive({ ack: 7 });
    page.socket.receive({ error: "x", code: "LV_ERR_BAD_MESSAGE" });
    expect(types(heard)).not.toContain("liveview:frame");
  });
});

describe("history events", () => {
  it("dispatches history-restored with the URL once Back has put the content back", async () => {
    page = await startPage(`<main id="content">Home</main>`);
    const homeEntry: unknown = history.state;
    page.socket.receive({ target: "#content", html: "Next", url: "/next/" });
    let restored: string | undefined;
    const listener = (
      event: DocumentEventMap["liveview:history-restored"],
    ): void => {
      restored = `${event.detail.url} ${document.querySelector("#content")!.textContent}`;
    };
    document.addEventListener("liveview:history-restored", listener);
    vi.spyOn(window, "scrollTo").mockImplementation(() => {});
    // What Back does: the browser restores the URL, then tells the page with popstate.
    history.replaceState(homeEntry, "", "/");
    window.dispatchEvent(new PopStateEvent("popstate", { state: homeEntry }));
    document.removeEventListener("liveview:history-restored", listener);
    expect(restored).toBe(`${location.origin}/ Home`);
  });

  it("exports the name of the resync event that catching up fires", () => {
    expect(RESYNC_EVENT).toBe("liveview:resync");
  });
});
