import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  broadcast,
  createMemoryBroadcaster,
  send,
  sendToRoom,
} from "../src/index.ts";
import { describeBroadcaster } from "./helpers/broadcaster-suite.ts";
import { waitFor } from "./helpers/wait.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";

describeBroadcaster("memory", async () => {
  const bus = createMemoryBroadcaster();
  return [bus, bus];
});

describe("broadcasting through a server", () => {
  let server: RunningServer;
  beforeEach(async () => {
    server = await startServer();
    server.registry.register("notify_all")((consumer, content) =>
      send(
        consumer,
        {
          target: "#notifications",
          html: String(content.form.message),
          append: true,
        },
        { broadcast: true },
      ),
    );
    server.registry.register("to_room")((_consumer, content) =>
      sendToRoom(String(content.data.room), { html: "room news" }),
    );
  });
  afterEach(() => server.close());

  it("send(..., { broadcast: true }) reaches every page, the sender included, in every room", async () => {
    const sender = await server.connect("room-1");
    const sameRoom = await server.connect("room-1");
    const otherRoom = await server.connect("room-2");
    sender.sendJson(
      message("notify_all", { form: { message: "Hello everyone!" }, id: 1 }),
    );
    const expected = {
      target: "#notifications",
      html: "Hello everyone!",
      append: true,
    };
    const first = await sender.receiveJson();
    const second = await sender.receiveJson();
    expect([first, second]).toContainEqual(expected);
    expect([first, second]).toContainEqual({ ack: 1 });
    expect(await sameRoom.receiveJson()).toEqual(expected);
    expect(await otherRoom.receiveJson()).toEqual(expected);
  });

  it("broadcast() works from outside any handler (a timer, a job)", async () => {
    const a = await server.connect("room-1");
    const b = await server.connect("room-2");
    await broadcast({ target: "#clock", html: "12:00" });
    expect(await a.receiveJson()).toEqual({ target: "#clock", html: "12:00" });
    expect(await b.receiveJson()).toEqual({ target: "#clock", html: "12:00" });
  });

  it("sendToRoom reaches only the pages joined to that room", async () => {
    const inRoom = await server.connect("team-a");
    const alsoInRoom = await server.connect("team-a");
    const outside = await server.connect("team-b");
    outside.sendJson(message("to_room", { data: { room: "team-a" }, id: 1 }));
    expect(await inRoom.receiveJson()).toEqual({ html: "room news" });
    expect(await alsoInRoom.receiveJson()).toEqual({ html: "room news" });
    expect(await outside.receiveJson()).toEqual({ ack: 1 });
    await expect(outside.receiveJson(200)).rejects.toThrow(/No frame/);
  });

  it("stops delivering to closed pages and keeps delivering to open ones", async () => {
    const leaving = await server.connect("room-1");
    const staying = await server.connect("room-1");
    await leaving.close();
    await waitFor(() => (server.liveview.clientCount === 1 ? true : undefined));
    await sendToRoom("room-1", { html: "after" });
    expect(await staying.receiveJson()).toEqual({ html: "after" });
    expect(server.liveview.clientCount).toBe(1);
  });
});
