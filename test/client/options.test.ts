// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resolveClientOptions, socketUrl } from "../../client/options.ts";
import { resolveRoom } from "../../client/room.ts";
import { startLiveView } from "../../client/index.ts";
import {
  createFakeSockets,
  resetDocument,
  startPage,
  type Page,
} from "./fakes.ts";

const httpPage = { host: "example.com:8000", protocol: "http:" };

let page: Page | undefined;

beforeEach(() => resetDocument());

afterEach(() => {
  page?.handle.stop();
  page = undefined;
  vi.restoreAllMocks();
});

describe("client options", () => {
  it("defaults to ws://<location.host>/ws/liveview/ and the documented reconnect schedule", () => {
    const options = resolveClientOptions(httpPage);
    expect(options).toMatchObject({
      host: "example.com:8000",
      protocol: "ws",
      path: "/ws/liveview/",
    });
    expect(options.reconnect).toMatchObject({
      initialDelay: 3000,
      factor: 1.5,
      maxDelay: 30_000,
      maxAttempts: 5,
    });
    expect(socketUrl(options, "abc")).toBe(
      "ws://example.com:8000/ws/liveview/abc/?resume=",
    );
  });

  it("uses wss on https pages", () => {
    expect(
      resolveClientOptions({ host: "x", protocol: "https:" }).protocol,
    ).toBe("wss");
  });

  it("merges a partial webSocketConfig with the defaults, key by key", () => {
    const options = resolveClientOptions(httpPage, { host: "api.example.com" });
    expect(socketUrl(options, "r")).toBe(
      "ws://api.example.com/ws/liveview/r/?resume=",
    );
    const custom = resolveClientOptions(httpPage, {
      path: "custom/path",
      protocol: "wss:",
    });
    expect(socketUrl(custom, "r")).toBe(
      "wss://example.com:8000/custom/path/r/?resume=",
    );
  });

  it("merges a partial reconnect object and ignores values of the wrong type", () => {
    const options = resolveClientOptions(httpPage, {
      reconnect: { maxAttempts: 10, factor: "2", initialDelay: -1 },
    });
    expect(options.reconnect).toMatchObject({
      initialDelay: 3000,
      factor: 1.5,
      maxAttempts: 10,
    });
  });

  it("lets explicit options win over window.webSocketConfig", () => {
    const options = resolveClientOptions(
      httpPage,
      { host: "from-window", path: "/p/" },
      { host: "from-options" },
    );
    expect(socketUrl(options, "r")).toBe("ws://from-options/p/r/?resume=");
  });

  it("connects to the URL built from window.webSocketConfig", async () => {
    vi.stubGlobal("webSocketConfig", {
      host: "other:8001",
      protocol: "ws",
      path: "/custom/path/",
    });
    document.documentElement.setAttribute("data-room", "my-room");
    page = await startPage(``);
    expect(page.socket.url).toBe(
      "ws://other:8001/custom/path/my-room/?resume=",
    );
  });
});

describe("startLiveView()", () => {
  it("uses the page's WebSocket when given none, connecting to ws://<host>/ws/liveview/<room>/", async () => {
    const sockets = createFakeSockets();
    vi.stubGlobal("WebSocket", sockets.WebSocket);
    document.documentElement.setAttribute("data-room", "abc");
    document.body.innerHTML = `<button data-liveview-function="f" data-action="click->page#run">x</button>`;
    document.body.setAttribute("data-controller", "page");
    const handle = startLiveView();
    await handle.ready;
    sockets.latest().accept();
    document.querySelector("button")!.click();
    expect(sockets.latest().url).toBe(
      `ws://${location.host}/ws/liveview/abc/?resume=`,
    );
    expect(sockets.latest().messages()).toHaveLength(1);
    handle.stop();
  });
});

describe("the room", () => {
  it("is <html data-room> when the page has one", () => {
    document.documentElement.setAttribute("data-room", "my-custom-room");
    localStorage.setItem("room", "stored");
    expect(resolveRoom(document)).toBe("my-custom-room");
  });

  it("is otherwise a UUID kept in localStorage, the same on the next load", () => {
    const first = resolveRoom(document);
    expect(first).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(localStorage.getItem("room")).toBe(first);
    expect(resolveRoom(document)).toBe(first);
  });

  it("is a UUID outside a secure context too, where crypto.randomUUID is missing", () => {
    vi.stubGlobal("crypto", {});
    const room = resolveRoom(document);
    expect(room).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    localStorage.clear();
    expect(resolveRoom(document)).not.toBe(room);
  });

  it("still works when localStorage throws", () => {
    const throwing = (): Storage => {
      throw new DOMException("denied", "SecurityError");
    };
    expect(resolveRoom(document, throwing)).toMatch(/^[0-9a-f-]{36}$/);
    const broken = {
      getItem: () => {
        throw new Error("disabled");
      },
      setItem: () => {
        throw new Error("disabled");
      },
    };
    expect(resolveRoom(document, () => broken)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("is stamped on every message and in the socket URL", async () => {
    document.documentElement.setAttribute("data-room", "room-7");
    page = await startPage(``);
    page.handle.send("f");
    expect(page.socket.url).toMatch(/\/ws\/liveview\/room-7\/\?resume=$/);
    expect(page.socket.messages()[0]?.room).toBe("room-7");
    expect(page.handle.room).toBe("room-7");
  });
});
