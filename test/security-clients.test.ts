/** Clients that flood, reconnect, open many sockets, or pace themselves through our stall. */
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { send } from "../src/index.ts";
import { connectTestClient } from "../src/testing/index.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";

describe("budgets that survive reconnects", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("closes a flooder with 1008, and a reconnect does not bring a fresh budget", async () => {
    server = await startServer({
      rateLimit: false,
      addressLimit: { burst: 20, perSecond: 1 },
    });
    server.registry.register("echo")((consumer) =>
      send(consumer, { html: "ok" }),
    );
    const flooder = await server.connect();
    for (let id = 1; id <= 60; id++)
      flooder.socket.send(JSON.stringify(message("echo", { id })));
    expect(await flooder.closed()).toBe(1008);
    for (let attempt = 0; attempt < 20; attempt++) {
      const again = await server.connect();
      again.sendJson(message("echo", { id: "again" }));
      expect(await again.receiveJson()).toMatchObject({
        code: "LV_ERR_RATE_LIMITED",
        id: "again",
      });
      await again.close();
    }
  });

  it("caps the sockets of one address (429) and of the whole server (503)", async () => {
    server = await startServer({ addressLimit: { maxConnections: 5 } });
    const open = await Promise.all(
      Array.from({ length: 5 }, () => server.connect()),
    );
    await expect(server.connect()).rejects.toThrow(/429/);
    await open[0]!.close();
    const replacement = await server.connect();
    await replacement.close();
    await server.close();

    server = await startServer({ addressLimit: false, maxConnections: 3 });
    await Promise.all(Array.from({ length: 3 }, () => server.connect()));
    await expect(server.connect()).rejects.toThrow(/503/);
  });
});

describe("a socket over its own byte budget", () => {
  let server: RunningServer;
  afterEach(async () => {
    vi.useRealTimers();
    await server.close();
  });

  it("waits at its own pace, and does not lengthen the turns of its address's other sockets", async () => {
    // Mocked time, so the pauses are seen exactly: reads resume when the clock is moved.
    vi.useFakeTimers({
      toFake: ["setTimeout", "clearTimeout", "setInterval", "Date"],
    });
    server = await startServer({
      maxMessageBytes: 1000,
      rateLimit: { burstBytes: 1000, bytesPerSecond: 10_000 },
      addressLimit: { burstBytes: 3000, bytesPerSecond: 1000 },
    });
    server.registry.register("echo")((consumer, content) =>
      send(consumer, { html: String(content.form.text) }),
    );
    const echo = (text: string, id: number) =>
      message("echo", { form: { text }, id });
    const text = "x".repeat(850);
    const [a, b, c, d] = await Promise.all(
      Array.from({ length: 4 }, () => server.connect()),
    );
    // a, c and d take some 2.7 kB of the address's 3 kB.
    for (const client of [a!, c!, d!]) {
      client.sendJson(echo(text, 1));
      expect(await client.receiveJson()).toMatchObject({ html: text });
      await client.receiveJson();
    }
    // a goes over its own budget (the address is not charged), b over the address's.
    a!.sendJson(echo(text, 2));
    expect(await a!.receiveJson()).toMatchObject({
      code: "LV_ERR_RATE_LIMITED",
    });
    b!.sendJson(echo(text, 2));
    expect(await b!.receiveJson()).toMatchObject({
      code: "LV_ERR_RATE_LIMITED",
    });
    b!.sendJson(echo("b", 3));
    // b's turn is its own frame's time at the address's pace (under 1 s), not that plus a's.
    await vi.advanceTimersByTimeAsync(1000);
    expect(await b!.receiveJson()).toMatchObject({ html: "b" });
  });
});

describe("a well-paced client while the server stalls", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("is not rate-limited for messages that queued up during the stall", async () => {
    server = await startServer({
      rateLimit: { burst: 20, perSecond: 40 },
      addressLimit: false,
    });
    server.registry.register("tick")(() => {});
    // The client runs in its own process: it keeps its pace while this one is blocked.
    const script = `
      const { WebSocket } = require("ws");
      const socket = new WebSocket(process.argv[1]);
      let acks = 0, limited = 0, sent = 0;
      socket.on("message", (data) => {
        const frame = JSON.parse(String(data));
        if (frame.ack !== undefined) acks++;
        if (frame.code === "LV_ERR_RATE_LIMITED") limited++;
        if (acks === 1) console.log("STARTED");
        if (acks + limited === 60) { console.log(JSON.stringify({ acks, limited })); process.exit(0); }
      });
      socket.on("open", () => {
        const timer = setInterval(() => {
          socket.send(JSON.stringify({ function: "tick", id: ++sent }));
          if (sent === 60) clearInterval(timer);
        }, 30);
      });`;
    const child = spawn(process.execPath, ["-e", script, server.url()], {
      cwd: import.meta.dirname,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    await new Promise<void>((started) =>
      child.stdout.on("data", () => output.includes("STARTED") && started()),
    );
    // A 1.5 s stall: a slow synchronous handler, a long GC pause.
    const end = Date.now() + 1500;
    while (Date.now() < end);
    await new Promise((exited) => child.once("exit", exited));
    expect(JSON.parse(output.trim().split("\n").pop()!)).toEqual({
      acks: 60,
      limited: 0,
    });
  });
});

describe("shutting down with a handler running", () => {
  it("stops reading, delivers the running handler's frame and ack, then closes with 1001", async () => {
    const server = await startServer();
    let started!: () => void;
    const running = new Promise<void>((done) => (started = done));
    let finish!: () => void;
    const finished = new Promise<void>((done) => (finish = done));
    server.registry.register("slow")(async (consumer) => {
      started();
      await finished;
      send(consumer, { html: "finished" });
    });
    const client = await connectTestClient(server.url());
    client.sendJson(message("slow", { id: 1 }));
    await running;
    const closing = server.liveview.close();
    // Sent while the server closes: it is not read, so it is never answered.
    client.sendJson(message("slow", { id: 2 }));
    finish();
    expect(await client.receiveJson()).toEqual({ html: "finished" });
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    expect(await client.closed()).toBe(1001);
    await closing;
    await server.close();
  });
});
