import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { send } from "../src/index.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";

describe("bad input", () => {
  let server: RunningServer;

  beforeEach(async () => {
    server = await startServer({
      rateLimit: { burst: 20, perSecond: 10 },
      maxMessageBytes: 1024,
    });
    server.registry.register("echo")((consumer, content) =>
      send(consumer, { target: "#out", html: String(content.data.text ?? "") }),
    );
    server.registry.register("throws")(() => {
      throw new Error("database password is hunter2");
    });
    server.registry.register("rejects")(async () => {
      await Promise.reject(new Error("async secret"));
    });
  });
  afterEach(() => server.close());

  async function expectStillAnswering(
    client: Awaited<ReturnType<RunningServer["connect"]>>,
  ) {
    client.sendJson(
      message("echo", { data: { text: "still here" }, id: "last" }),
    );
    expect(await client.receiveJson()).toEqual({
      target: "#out",
      html: "still here",
    });
    expect(await client.receiveJson()).toEqual({ ack: "last" });
  }

  it("replies LV_ERR_BAD_MESSAGE to text that is not JSON and keeps the socket open", async () => {
    const client = await server.connect();
    client.socket.send("{not json");
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_BAD_MESSAGE",
    });
    await expectStillAnswering(client);
  });

  it.each([
    ["[1,2]"],
    ["42"],
    ['"text"'],
    ["null"],
    ['{"data":{}}'],
    ['{"function":7}'],
    ['{"function":"echo","data":[1]}'],
    ['{"function":"echo","form":{"a":{"b":1}}}'],
    ['{"function":"echo","id":{}}'],
  ])("replies LV_ERR_BAD_MESSAGE to %s", async (frame) => {
    const client = await server.connect();
    client.socket.send(frame);
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_BAD_MESSAGE",
    });
    await expectStillAnswering(client);
  });

  it("replies LV_ERR_BAD_MESSAGE to binary frames", async () => {
    const client = await server.connect();
    client.socket.send(Buffer.from(JSON.stringify(message("echo"))));
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_BAD_MESSAGE",
    });
    await expectStillAnswering(client);
  });

  it("replies LV_ERR_UNKNOWN_HANDLER without listing the registered handlers", async () => {
    const client = await server.connect();
    client.sendJson(message("nope", { id: 3 }));
    const frame = await client.receiveJson<{ error: string }>();
    expect(frame).toMatchObject({ code: "LV_ERR_UNKNOWN_HANDLER", id: 3 });
    expect(JSON.stringify(frame)).not.toContain("echo");
    expect(JSON.stringify(frame)).not.toContain("throws");
    await expectStillAnswering(client);
  });

  it("matches handler names exactly", async () => {
    const client = await server.connect();
    client.sendJson(message("ECHO", { id: 1 }));
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_UNKNOWN_HANDLER",
    });
    client.sendJson(message("echo ", { id: 2 }));
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_UNKNOWN_HANDLER",
    });
  });

  it.each([["throws"], ["rejects"]])(
    "replies LV_ERR_HANDLER_FAILED when the handler %s, without the exception text outside dev",
    async (fn) => {
      const client = await server.connect();
      client.sendJson(message(fn, { id: 9 }));
      const frame = await client.receiveJson<{ error: string }>();
      expect(frame).toMatchObject({ code: "LV_ERR_HANDLER_FAILED", id: 9 });
      expect(frame.error).not.toMatch(/hunter2|secret|stack|at /);
      expect(Object.keys(frame).sort()).toEqual(["code", "error", "id"]);
      await expectStillAnswering(client);
    },
  );

  it("replies LV_ERR_HANDLER_FAILED when a middleware throws", async () => {
    server.registry.addMiddleware(() => {
      throw new Error("middleware broke");
    });
    const client = await server.connect();
    client.sendJson(message("echo", { id: 1 }));
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_HANDLER_FAILED",
      id: 1,
    });
  });

  it("replies LV_ERR_TOO_LARGE to a frame over maxMessageBytes and keeps the socket open", async () => {
    const client = await server.connect();
    client.sendJson(message("echo", { data: { text: "x".repeat(2000) } }));
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_TOO_LARGE",
    });
    await expectStillAnswering(client);
  });

  it("replies LV_ERR_RATE_LIMITED past the burst, then closes with 1008 if the flood goes on", async () => {
    const client = await server.connect();
    const other = await server.connect();
    for (let i = 0; i < 200; i++) client.sendJson(message("echo", { id: i }));
    const codes: string[] = [];
    const closeCode = await Promise.race([
      client.closed(),
      (async () => {
        for (;;) {
          const frame = await client
            .receiveJson<{ code?: string }>(2000)
            .catch(() => undefined);
          if (!frame) return -1;
          if (frame.code) codes.push(frame.code);
        }
      })(),
    ]);
    expect(codes).toContain("LV_ERR_RATE_LIMITED");
    expect(closeCode).toBe(1008);
    await expectStillAnswering(other);
  });

  it("never disturbs other sockets when one misbehaves", async () => {
    const bad = await server.connect();
    const good = await server.connect();
    bad.socket.send("garbage");
    bad.sendJson(message("throws"));
    bad.socket.send(Buffer.alloc(10));
    await expectStillAnswering(good);
    expect(bad.socket.readyState).toBe(WebSocket.OPEN);
  });
});
