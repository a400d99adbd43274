import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { send } from "../src/index.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("dispatch", () => {
  let server: RunningServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(() => server.close());

  it("handles one connection's messages one after another, in order", async () => {
    server.registry.register("slow")(async (consumer) => {
      await sleep(50);
      send(consumer, { html: "slow" });
    });
    server.registry.register("fast")((consumer) =>
      send(consumer, { html: "fast" }),
    );
    const client = await server.connect();
    client.sendJson(message("slow", { id: 1 }));
    client.sendJson(message("fast", { id: 2 }));
    const frames = [];
    for (let i = 0; i < 4; i++) frames.push(await client.receiveJson());
    expect(frames).toEqual([
      { html: "slow" },
      { ack: 1 },
      { html: "fast" },
      { ack: 2 },
    ]);
  });

  it("runs different connections concurrently", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.registry.register("wait")(async (consumer) => {
      await gate;
      send(consumer, { html: "released" });
    });
    server.registry.register("fast")((consumer) =>
      send(consumer, { html: "fast" }),
    );
    const blocked = await server.connect();
    const free = await server.connect();
    blocked.sendJson(message("wait", { id: 1 }));
    free.sendJson(message("fast", { id: 2 }));
    expect(await free.receiveJson()).toEqual({ html: "fast" });
    release();
    expect(await blocked.receiveJson()).toEqual({ html: "released" });
  });

  it("lets a handler keep sending after it returned", async () => {
    server.registry.register("later")((consumer) => {
      setTimeout(() => send(consumer, { html: "later" }), 20);
    });
    const client = await server.connect();
    client.sendJson(message("later", { id: 1 }));
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    expect(await client.receiveJson()).toEqual({ html: "later" });
  });

  it("forwards frames exactly as given", async () => {
    const frame = {
      target: "#a",
      html: "<p>x</p>",
      append: true,
      url: "/p/",
      title: "T",
      scroll: "#b",
      scrollTop: true,
      script: "go()",
      morph: false,
      custom: { n: 1 },
    };
    server.registry.register("all")((consumer) => send(consumer, frame));
    server.registry.register("only_script")((consumer) =>
      send(consumer, { script: "alert(1)" }),
    );
    const client = await server.connect();
    client.sendJson(message("all"));
    expect(await client.receiveJson()).toEqual(frame);
    client.sendJson(message("only_script"));
    expect(await client.receiveJson()).toEqual({ script: "alert(1)" });
  });

  it("passes the content Django LiveView's docs describe, with the page's url, and echoes the id as given", async () => {
    let content: unknown;
    server.registry.register("inspect")((_consumer, received) => {
      content = received;
    });
    const client = await server.connect();
    client.sendJson({
      function: "inspect",
      data: { item_id: "7" },
      form: { name: "Ana", agree: true, tags: ["a", "b"], age: 3 },
      lang: "es",
      room: "room-1",
      url: "/items/?page=2",
      id: "abc",
    });
    expect(await client.receiveJson()).toEqual({ ack: "abc" });
    expect(content).toEqual({
      function: "inspect",
      data: { item_id: "7" },
      form: { name: "Ana", agree: true, tags: ["a", "b"], age: "3" },
      lang: "es",
      room: "room-1",
      url: "/items/?page=2",
      id: "abc",
    });
  });

  it("defaults lang to the default language and room to the socket's room", async () => {
    let content: { lang?: string; room?: string } = {};
    server.registry.register("inspect")((_consumer, received) => {
      content = received;
    });
    const client = await server.connect("the-room");
    client.sendJson({ function: "inspect", id: 1 });
    await client.receiveJson();
    expect(content).toMatchObject({ lang: "en", room: "the-room" });
  });
});

describe("middleware", () => {
  let server: RunningServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(() => server.close());

  it("runs in registration order before the handler, with the function name", async () => {
    const calls: string[] = [];
    server.registry.addMiddleware(
      (_consumer, _content, name) => void calls.push(`first:${name}`),
    );
    server.registry.addMiddleware(async (_consumer, _content, name) => {
      await sleep(5);
      calls.push(`second:${name}`);
      return true;
    });
    server.registry.register("go")(() => void calls.push("handler"));
    const client = await server.connect();
    client.sendJson(message("go", { id: 1 }));
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    expect(calls).toEqual(["first:go", "second:go", "handler"]);
  });

  it("cancels the handler only on an explicit false, and still acks", async () => {
    const calls: string[] = [];
    server.registry.addMiddleware((consumer, content) => {
      if (content.data.blocked === "yes") {
        send(consumer, { target: "#error", html: "You must be logged in" });
        return false;
      }
      return undefined;
    });
    server.registry.addMiddleware(() => 0 as unknown as boolean);
    server.registry.register("go")(() => void calls.push("handler"));
    const client = await server.connect();
    client.sendJson(message("go", { data: { blocked: "yes" }, id: 1 }));
    expect(await client.receiveJson()).toEqual({
      target: "#error",
      html: "You must be logged in",
    });
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    client.sendJson(message("go", { id: 2 }));
    expect(await client.receiveJson()).toEqual({ ack: 2 });
    expect(calls).toEqual(["handler"]);
  });
});
