// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientMessage } from "../../src/protocol.ts";
import {
  DEFAULT_RECONNECT,
  type ReconnectOptions,
} from "../../client/options.ts";
import { reconnectDelay } from "../../client/reconnect.ts";
import { createLiveSocket, type LiveSocket } from "../../client/socket.ts";
import {
  createFakeSockets,
  resetDocument,
  startPage,
  type FakeSockets,
  type Page,
} from "./fakes.ts";

let sockets: FakeSockets;
let live: LiveSocket | undefined;
let page: Page | undefined;

function message(fn: string, id: number): ClientMessage {
  return {
    function: fn,
    data: {},
    form: {},
    lang: "",
    room: "r",
    url: "/",
    id,
  };
}

function open(
  reconnect: Partial<ReconnectOptions> = {},
  frames: unknown[] = [],
): LiveSocket {
  live = createLiveSocket({
    url: () => "ws://localhost:3000/ws/liveview/r/",
    reconnect: { ...DEFAULT_RECONNECT, ...reconnect },
    WebSocket: sockets.WebSocket,
    onFrame: (frame) => frames.push(frame),
  });
  return live;
}

beforeEach(() => {
  resetDocument();
  sockets = createFakeSockets();
  vi.useFakeTimers();
  // No jitter: the documented schedule to the millisecond.
  vi.spyOn(Math, "random").mockReturnValue(0);
});

afterEach(() => {
  live?.close();
  live = undefined;
  page?.handle.stop();
  page = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("the queue", () => {
  it("holds messages sent before the socket opens and flushes them once, in order", () => {
    const socket = open();
    socket.send(message("a", 1));
    socket.send(message("b", 2));
    socket.send(message("c", 3));
    expect(sockets.latest().sent).toEqual([]);
    sockets.latest().accept();
    sockets.latest().onopen?.(new Event("open"));
    expect(
      sockets
        .latest()
        .messages()
        .map((m) => m.function),
    ).toEqual(["a", "b", "c"]);
    expect(socket.queued()).toEqual([]);
  });

  it("writes at once while open, and never resends a written message after a reconnect", () => {
    const socket = open();
    sockets.latest().accept();
    socket.send(message("written", 1));
    sockets.latest().drop();
    socket.send(message("queued", 2));
    vi.advanceTimersByTime(3000);
    sockets.latest().accept();
    expect(sockets.instances[0]!.messages().map((m) => m.function)).toEqual([
      "written",
    ]);
    expect(sockets.instances[1]!.messages().map((m) => m.function)).toEqual([
      "queued",
    ]);
  });

  it("keeps later messages behind queued ones so the order holds", () => {
    const socket = open();
    socket.send(message("first", 1));
    sockets.latest().readyState = 1;
    socket.send(message("second", 2));
    sockets.latest().accept();
    expect(
      sockets
        .latest()
        .messages()
        .map((m) => m.function),
    ).toEqual(["first", "second"]);
  });

  it("decodes JSON frames, and ignores (with an error) frames that are not JSON", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const frames: unknown[] = [];
    open({}, frames);
    sockets.latest().accept();
    sockets.latest().receive({ ack: 1 });
    sockets
      .latest()
      .onmessage?.(new MessageEvent("message", { data: "{oops" }));
    expect(frames).toEqual([{ ack: 1 }]);
    expect(error).toHaveBeenCalledOnce();
  });

  it("handles each event once when the socket reports through both on* and addEventListener", () => {
    const frames: unknown[] = [];
    class DualSocket extends EventTarget {
      readyState = 0;
      onopen: ((event: Event) => unknown) | null = null;
      onmessage: ((event: MessageEvent) => unknown) | null = null;
      onclose: ((event: CloseEvent) => unknown) | null = null;
      onerror: ((event: Event) => unknown) | null = null;
      sent: string[] = [];
      send(data: string): void {
        this.sent.push(data);
      }
      close(): void {}
      fire(event: Event): void {
        const handler = (
          this as unknown as Record<string, ((event: Event) => void) | null>
        )[`on${event.type}`];
        handler?.(event);
        this.dispatchEvent(event);
      }
    }
    let dual: DualSocket | undefined;
    live = createLiveSocket({
      url: () => "ws://x/ws/liveview/r/",
      reconnect: DEFAULT_RECONNECT,
      WebSocket: class extends DualSocket {
        constructor() {
          super();
          dual = this;
        }
      },
      onFrame: (frame) => frames.push(frame),
    });
    live.send(message("once", 1));
    dual!.readyState = 1;
    dual!.fire(new Event("open"));
    dual!.fire(new MessageEvent("message", { data: '{"ack":1}' }));
    expect(dual!.sent).toHaveLength(1);
    expect(frames).toEqual([{ ack: 1 }]);
  });
});

describe("reconnecting", () => {
  it("waits 3 s, then x1.5 each attempt, and gives up after 5 attempts", () => {
    const socket = open();
    sockets.latest().drop();
    const waits = [3000, 4500, 6750, 10125, 15187.5];
    for (const wait of waits) {
      const before = sockets.instances.length;
      vi.advanceTimersByTime(wait - 1);
      expect(sockets.instances.length).toBe(before);
      vi.advanceTimersByTime(1);
      expect(sockets.instances.length).toBe(before + 1);
      sockets.latest().drop();
    }
    expect(socket.status).toBe("gave-up");
    vi.advanceTimersByTime(10 * 60_000);
    expect(sockets.instances).toHaveLength(6);
  });

  it("caps the wait at maxDelay", () => {
    open({
      initialDelay: 10_000,
      factor: 2,
      maxDelay: 30_000,
      maxAttempts: 10,
    });
    sockets.latest().drop();
    const waits = [10_000, 20_000, 30_000, 30_000];
    for (const wait of waits) {
      const before = sockets.instances.length;
      vi.advanceTimersByTime(wait - 1);
      expect(sockets.instances.length).toBe(before);
      vi.advanceTimersByTime(1);
      sockets.latest().drop();
    }
  });

  it("starts a fresh schedule after a successful reconnect", () => {
    const socket = open();
    sockets.latest().drop();
    vi.advanceTimersByTime(3000);
    sockets.latest().drop();
    vi.advanceTimersByTime(4500);
    sockets.latest().accept();
    expect(socket.attempts).toBe(0);
    sockets.latest().drop();
    vi.advanceTimersByTime(3000);
    expect(sockets.instances).toHaveLength(4);
  });

  it("adds at most 10 % of jitter to each wait, never shortens it, and never passes maxDelay", () => {
    for (const random of [0, 0.25, 0.5, 0.75, 0.999999]) {
      for (let attempt = 1; attempt <= 8; attempt++) {
        const base = Math.min(3000 * 1.5 ** (attempt - 1), 30_000);
        const delay = reconnectDelay(attempt, DEFAULT_RECONNECT, random);
        expect(delay).toBeGreaterThanOrEqual(base);
        expect(delay).toBeLessThanOrEqual(Math.min(base * 1.1, 30_000));
      }
    }
    expect(reconnectDelay(1, DEFAULT_RECONNECT, 0)).toBe(3000);
    expect(reconnectDelay(1, DEFAULT_RECONNECT, 0.5)).toBe(3150);
  });

  it("spreads real reconnects between 3 s and 3.3 s", () => {
    vi.mocked(Math.random).mockReturnValue(0.999);
    open();
    sockets.latest().drop();
    vi.advanceTimersByTime(3000);
    expect(sockets.instances).toHaveLength(1);
    vi.advanceTimersByTime(300);
    expect(sockets.instances).toHaveLength(2);
  });

  it("treats an error without a close as a lost socket, and counts error + close once", () => {
    const socket = open();
    sockets.latest().onerror?.(new Event("error"));
    expect(socket.status).toBe("waiting");
    sockets.latest().onclose?.(new Event("close") as CloseEvent);
    vi.advanceTimersByTime(3000);
    expect(sockets.instances).toHaveLength(2);
    expect(socket.attempts).toBe(1);
  });

  it("does not reconnect after close()", () => {
    const socket = open();
    sockets.latest().accept();
    socket.close();
    expect(sockets.latest().closedByClient).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(sockets.instances).toHaveLength(1);
    expect(socket.status).toBe("stopped");
  });

  function giveUp(socket: LiveSocket): void {
    sockets.latest().drop();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(30_000);
      sockets.latest().drop();
    }
    expect(socket.status).toBe("gave-up");
  }

  it("after giving up, tries again when the browser comes back online", () => {
    const socket = open();
    giveUp(socket);
    window.dispatchEvent(new Event("online"));
    expect(sockets.instances).toHaveLength(7);
    expect(socket.status).toBe("connecting");
  });

  it("after giving up, tries again when the tab becomes visible", () => {
    const socket = open();
    giveUp(socket);
    vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    document.dispatchEvent(new Event("visibilitychange"));
    expect(sockets.instances).toHaveLength(6);
    vi.spyOn(document, "visibilityState", "get").mockReturnValue("visible");
    document.dispatchEvent(new Event("visibilitychange"));
    expect(sockets.instances).toHaveLength(7);
  });

  it("after giving up, tries again on the next user action", () => {
    const socket = open();
    giveUp(socket);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    expect(sockets.instances).toHaveLength(7);
  });

  it("after giving up, a send reconnects and the message goes out once the socket opens", () => {
    const socket = open();
    giveUp(socket);
    socket.send(message("save_draft", 1));
    expect(sockets.instances).toHaveLength(7);
    sockets.latest().accept();
    expect(
      sockets
        .latest()
        .messages()
        .map((m) => m.function),
    ).toEqual(["save_draft"]);
  });

  it("retries a socket whose constructor throws", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    let calls = 0;
    live = createLiveSocket({
      url: () => "bad",
      reconnect: DEFAULT_RECONNECT,
      WebSocket: class {
        constructor() {
          calls++;
          throw new SyntaxError("bad url");
        }
      } as never,
      onFrame: () => {},
    });
    vi.advanceTimersByTime(3000);
    expect(calls).toBe(2);
    expect(error).toHaveBeenCalled();
  });
});

describe("the #no-connection banner", () => {
  const banner = `<div id="no-connection" class="no-connection no-connection--hide">Connection lost</div>`;

  function classes(): string[] {
    return Array.from(document.querySelector("#no-connection")!.classList);
  }

  it("shows no-connection--show while disconnected and no-connection--hide once connected", async () => {
    page = await startPage(banner);
    expect(classes()).toContain("no-connection--hide");
    page.socket.drop();
    expect(classes()).toContain("no-connection--show");
    expect(classes()).not.toContain("no-connection--hide");
    vi.advanceTimersByTime(3000);
    expect(classes()).toContain("no-connection--show");
    page.sockets.latest().accept();
    expect(classes()).toContain("no-connection--hide");
    expect(classes()).not.toContain("no-connection--show");
  });

  it("finds a banner rendered after start", async () => {
    page = await startPage(``);
    document.body.insertAdjacentHTML("beforeend", banner);
    page.socket.drop();
    expect(classes()).toContain("no-connection--show");
  });

  it("shows the banner when the browser goes offline and hides it when it is back with the socket open", async () => {
    page = await startPage(banner);
    window.dispatchEvent(new Event("offline"));
    expect(classes()).toContain("no-connection--show");
    window.dispatchEvent(new Event("online"));
    expect(classes()).toContain("no-connection--hide");
    expect(page.sockets.instances).toHaveLength(1);
  });
});
