// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetDocument, startPage, type Page } from "./fakes.ts";

let page: Page | undefined;
let reload: ReturnType<typeof vi.fn<() => void>>;

beforeEach(() => {
  resetDocument();
  sessionStorage.clear();
  document.documentElement.setAttribute("data-room", "r");
  vi.useFakeTimers();
  reload = vi.fn<() => void>();
  vi.spyOn(location, "reload").mockImplementation(reload);
});

afterEach(() => {
  page?.handle.stop();
  page = undefined;
  sessionStorage.clear();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Every liveview:* event type heard from now on, in order. */
function listen(...types: string[]): string[] {
  const heard: string[] = [];
  for (const type of types)
    document.addEventListener(type, () => heard.push(type), { once: true });
  return heard;
}

describe("close code 4401 (the session was revoked)", () => {
  it("does not reconnect; dispatches liveview:unauthorized after liveview:disconnected, then reloads", async () => {
    page = await startPage(``);
    const heard = listen("liveview:disconnected", "liveview:unauthorized");
    let detail: unknown;
    document.addEventListener(
      "liveview:unauthorized",
      (event) => (detail = event.detail),
      { once: true },
    );
    page.socket.drop(4401);
    expect(heard).toEqual(["liveview:disconnected", "liveview:unauthorized"]);
    expect(detail).toEqual({ code: 4401 });
    expect(reload).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(10 * 60_000);
    expect(page.sockets.instances).toHaveLength(1);
  });

  it("does not reload when the event is cancelled, and stays down through user actions until reconnect()", async () => {
    page = await startPage(``);
    document.addEventListener(
      "liveview:unauthorized",
      (event) => event.preventDefault(),
      { once: true },
    );
    page.socket.drop(4401);
    expect(reload).not.toHaveBeenCalled();
    expect(page.handle.socket.status).toBe("gave-up");

    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    window.dispatchEvent(new Event("online"));
    page.handle.send("queued_meanwhile");
    expect(page.sockets.instances).toHaveLength(1);

    page.handle.socket.reconnect();
    page.sockets.latest().accept();
    expect(page.sockets.instances).toHaveLength(2);
    expect(page.sockets.latest().messages()).toMatchObject([
      { function: "queued_meanwhile" },
    ]);
  });
});

describe("close code 4409 (the page is from another build)", () => {
  it("sends the build id in the socket URL, URL-encoded", async () => {
    page = await startPage(``, { buildId: "2025-06-07 a/b" });
    expect(page.socket.url).toMatch(/\/r\/\?build=2025-06-07%20a%2Fb&resume=$/);
  });

  it("sends no query without a build id", async () => {
    page = await startPage(``);
    expect(page.socket.url).toMatch(/\/r\/\?resume=$/);
  });

  it("reloads once, marking the build in sessionStorage, and does not reconnect", async () => {
    page = await startPage(``, { buildId: "b1" });
    page.socket.drop(4409);
    expect(reload).toHaveBeenCalledOnce();
    expect(sessionStorage.getItem("liveview:reloaded-for-build:b1")).toBe("1");
    vi.advanceTimersByTime(10 * 60_000);
    expect(page.sockets.instances).toHaveLength(1);
  });

  it("does not reload again after a reload for the same build: it logs and stays disconnected", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    sessionStorage.setItem("liveview:reloaded-for-build:b1", "1");
    page = await startPage(``, { buildId: "b1" });
    // The server accepts the socket, then closes it: the reloaded page is refused the same way.
    page.socket.drop(4409);
    expect(reload).not.toHaveBeenCalled();
    expect(String(error.mock.calls[0]?.[0])).toContain("b1");
    expect(document.documentElement.classList).toContain(
      "liveview-disconnected",
    );
    vi.advanceTimersByTime(10 * 60_000);
    expect(page.sockets.instances).toHaveLength(1);
  });

  it("reloads for a page of another build id, whatever an earlier build's mark says", async () => {
    sessionStorage.setItem("liveview:reloaded-for-build:b1", "1");
    page = await startPage(``, { buildId: "b2" });
    page.socket.drop(4409);
    expect(reload).toHaveBeenCalledOnce();
  });
});

describe("other close codes", () => {
  it("reconnect as before", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    page = await startPage(``);
    for (const code of [1000, 1001, 1006, 1011, 4000]) {
      page.sockets.latest().drop(code);
      vi.advanceTimersByTime(3000);
      page.sockets.latest().accept();
    }
    expect(page.sockets.instances).toHaveLength(6);
    expect(reload).not.toHaveBeenCalled();
  });
});
