/** Topics, per-viewer events, connection hooks and catching up, over real sockets. */
import { afterEach, describe, expect, it } from "vitest";
import { connectTestClient, type TestClient } from "../src/testing/index.ts";
import {
  join,
  disconnectSockets,
  leave,
  listPresence,
  publish,
  send,
  sendToRoom,
  trackPresence,
  type PresenceDiff,
} from "../src/index.ts";
import { getRuntime } from "../src/runtime.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";

/** A page that keeps its place, as the browser client connects: `?resume=` (with positions after a reconnect). */
function tracking(server: RunningServer, room: string, resume = "") {
  return connectTestClient(
    `${server.url(room)}?resume=${encodeURIComponent(resume)}`,
  );
}

/** Frames until one matches, skipping bare position frames. */
async function next(client: TestClient): Promise<Record<string, unknown>> {
  for (;;) {
    const frame = await client.receiveJson<Record<string, unknown>>();
    if (!("t" in frame) || "f" in frame) return frame;
  }
}

describe("topics and per-viewer events", () => {
  let server: RunningServer;
  afterEach(async () => {
    getRuntime().registry.clear();
    await server?.close();
  });

  it("reaches the members of a topic only, and only after server code joined them", async () => {
    server = await startServer();
    server.registry.register("enter")((consumer, content) => {
      join(consumer, String(content.data.topic));
    });
    server.registry.register("exit")((consumer, content) => {
      leave(consumer, String(content.data.topic));
    });
    const [a, b, outsider] = await Promise.all([
      server.connect("page-a"),
      server.connect("page-b"),
      server.connect("page-c"),
    ]);
    for (const [client, id] of [
      [a, 1],
      [b, 2],
    ] as const) {
      client.sendJson(message("enter", { data: { topic: "chat:lobby" }, id }));
      expect(await client.receiveJson()).toEqual({ ack: id });
    }
    await sendToRoom("chat:lobby", { html: "hello lobby" });
    expect(await a.receiveJson()).toEqual({ html: "hello lobby" });
    expect(await b.receiveJson()).toEqual({ html: "hello lobby" });
    b.sendJson(message("exit", { data: { topic: "chat:lobby" }, id: 3 }));
    expect(await b.receiveJson()).toEqual({ ack: 3 });
    await sendToRoom("chat:lobby", { html: "second" });
    expect(await a.receiveJson()).toEqual({ html: "second" });
    await expect(b.receiveJson(200)).rejects.toThrow(/No frame/);
    await expect(outsider.receiveJson(100)).rejects.toThrow(/No frame/);
  });

  it("runs liveviewEvent once per member, with each page's own consumer", async () => {
    server = await startServer();
    server.registry.addEvent("task_added", (consumer, payload) => {
      const { id } = payload as { id: number };
      const user = String(consumer.scope.query.user ?? "");
      send(consumer, { html: `task ${id} for ${user}` });
    });
    server.registry.register("watch")((consumer) => join(consumer, "board:1"));
    const ana = await connectTestClient(`${server.url("r1")}?user=ana`);
    const bob = await connectTestClient(`${server.url("r2")}?user=bob`);
    for (const [client, id] of [
      [ana, 1],
      [bob, 2],
    ] as const) {
      client.sendJson(message("watch", { id }));
      await client.receiveJson();
    }
    await publish("board:1", "task_added", { id: 7 });
    expect(await ana.receiveJson()).toEqual({ html: "task 7 for ana" });
    expect(await bob.receiveJson()).toEqual({ html: "task 7 for bob" });
    await ana.close();
    await bob.close();
  });

  it("refuses bad calls at once: a long topic, a payload that is not JSON, an event nobody handles", () => {
    expect(() => join({ sendJson() {} }, "x".repeat(1024))).toThrow(/topic/);
    server = undefined as never;
    expect(() => publish("t", "nobody_handles")).toThrow(/liveviewEvent/);
    getRuntime().registry.addEvent("known", () => {});
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => publish("t", "known", cyclic)).toThrow(/JSON/);
    expect(() => publish("t", "known", { big: 1n })).toThrow(/JSON/);
  });
});

describe("onConnect and onDisconnect", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("run once per socket open and close, with reconnect and the close code", async () => {
    server = await startServer();
    const seen: string[] = [];
    server.registry.addConnect((consumer) => {
      seen.push(`connect ${consumer.reconnect ? "again" : "first"}`);
    });
    server.registry.addDisconnect((_consumer, { code }) => {
      seen.push(`disconnect ${code}`);
    });
    const first = await tracking(server, "room-1");
    await first.close(4000);
    const again = await tracking(server, "room-1", "{}");
    await again.close();
    await expect
      .poll(() => seen)
      .toEqual([
        "connect first",
        "disconnect 4000",
        "connect again",
        "disconnect 1000",
      ]);
  });
});

describe("catching up after a reconnect", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("sends what a page missed in its room and topics, in order, each once", async () => {
    server = await startServer();
    server.registry.register("enter")((consumer) => join(consumer, "feed"));
    const page = await tracking(server, "page-1");
    page.sendJson(message("enter", { id: 1 }));
    // Where the page stands: its room, everyone, and the feed it joined.
    const places = new Map<string, string>();
    let acked = false;
    while (!acked || !places.has("feed") || !places.has("page-1")) {
      const frame = await page.receiveJson<Record<string, unknown>>();
      if (typeof frame.t === "string") places.set(frame.t, String(frame.p));
      acked ||= frame.ack === 1;
    }
    await sendToRoom("feed", { html: "seen" });
    const seen = await next(page);
    expect(seen).toMatchObject({ t: "feed", f: { html: "seen" } });
    places.set("feed", String(seen.p));
    await page.close();

    for (const n of [1, 2, 3])
      await sendToRoom("feed", { html: `missed ${n}` });
    await sendToRoom("page-1", { html: "missed in the room" });

    const back = await tracking(
      server,
      "page-1",
      JSON.stringify(Object.fromEntries(places)),
    );
    expect(await next(back)).toMatchObject({
      t: "page-1",
      f: { html: "missed in the room" },
    });
    back.sendJson(message("enter", { id: 2 }));
    const replayed: unknown[] = [];
    while (replayed.length < 3) {
      const frame = await back.receiveJson<Record<string, unknown>>();
      if ("f" in frame) replayed.push(frame.f);
    }
    expect(replayed).toEqual([
      { html: "missed 1" },
      { html: "missed 2" },
      { html: "missed 3" },
    ]);
    await sendToRoom("feed", { html: "live again" });
    expect(await next(back)).toMatchObject({ f: { html: "live again" } });
    await back.close();
  });

  it("tells a page to resync when the history no longer reaches back", async () => {
    server = await startServer({ history: { maxEntries: 2 } });
    const page = await tracking(server, "page-2");
    let place = "";
    for (;;) {
      const frame = await page.receiveJson<Record<string, unknown>>();
      if (frame.t === "page-2") {
        place = String(frame.p);
        break;
      }
    }
    await page.close();
    for (const n of [1, 2, 3, 4])
      await sendToRoom("page-2", { html: `lost ${n}` });
    const back = await tracking(
      server,
      "page-2",
      JSON.stringify({ "page-2": place }),
    );
    let frame: Record<string, unknown>;
    do frame = await back.receiveJson();
    while (frame.t !== "page-2");
    expect(frame).toMatchObject({ t: "page-2", resync: true });
    await back.close();
  });
});

describe("presence", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("lists who is in a topic, one entry per key, and tells the members when someone leaves", async () => {
    server = await startServer();
    server.registry.register("arrive")(async (consumer, content) => {
      join(consumer, "doc:1");
      await trackPresence(consumer, "doc:1", { name: content.data.name });
    });
    server.registry.addEvent("presence", (consumer, payload) => {
      const { list, leaves } = payload as PresenceDiff;
      const names = list.flatMap((entry) =>
        entry.metas.map((meta) => (meta as { name: string }).name),
      );
      send(consumer, {
        html: `${names.sort().join(",")}${leaves.length ? " (left)" : ""}`,
      });
    });
    const ana = await server.connect("r1");
    const bob = await server.connect("r2");
    ana.sendJson(message("arrive", { data: { name: "ana" }, id: 1 }));
    expect(await ana.receiveJson()).toEqual({ html: "ana" });
    expect(await ana.receiveJson()).toEqual({ ack: 1 });
    bob.sendJson(message("arrive", { data: { name: "bob" }, id: 2 }));
    expect(await ana.receiveJson()).toEqual({ html: "ana,bob" });
    expect(await bob.receiveJson()).toEqual({ html: "ana,bob" });
    expect(await listPresence("doc:1")).toHaveLength(2);
    await bob.close();
    expect(await ana.receiveJson()).toEqual({ html: "ana (left)" });
    expect(await listPresence("doc:1")).toEqual([
      { key: expect.any(String), metas: [{ name: "ana" }] },
    ]);
  });

  it("refuses a meta over 4 KB and a topic that is not a string", async () => {
    server = await startServer();
    await expect(
      trackPresence({ sendJson() {} }, "t", { big: "x".repeat(5000) }),
    ).rejects.toThrow(/4096/);
    await expect(listPresence(5 as unknown as string)).rejects.toThrow(/topic/);
  });
});

describe("disconnectSockets", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("closes only the sockets of that socketId with 4401; an id nobody has is a no-op, an empty one an error", async () => {
    server = await startServer({
      authenticate: (request) => {
        const user = request.headers["x-user"];
        return typeof user === "string" ? { socketId: `user:${user}` } : {};
      },
    });
    server.registry.register("ping")((consumer) =>
      send(consumer, { html: "pong" }),
    );
    const dana = await server.connect("room-1", {
      headers: { "x-user": "dana" },
    });
    const eli = await server.connect("room-1", {
      headers: { "x-user": "eli" },
    });
    const answers = async (client: TestClient) => {
      client.sendJson(message("ping"));
      return (await client.receiveJson<{ html: string }>()).html;
    };

    await disconnectSockets("user:nobody");
    expect([await answers(dana), await answers(eli)]).toEqual(["pong", "pong"]);
    await expect(disconnectSockets("")).rejects.toThrow(TypeError);

    await disconnectSockets("user:dana");
    expect(await dana.closed()).toBe(4401);
    expect(await answers(eli)).toBe("pong");
  });
});
