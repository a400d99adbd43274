/** Hostile frames within the rate: shape, size, queue, handlers that never settle, logs. */
import { afterEach, describe, expect, it } from "vitest";
import { send } from "../src/index.ts";
import type { Logger } from "../src/index.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";

/** A logger that keeps what a log file would hold. */
function recordingLogger(): Logger & { text(): string } {
  const lines: string[] = [];
  const write = (line: string) => void lines.push(line);
  return {
    debug: () => {},
    info: write,
    warn: write,
    error: (line, error) =>
      write(error instanceof Error ? `${line}\n${error.stack}` : line),
    text: () => lines.join("\n"),
  };
}

describe("frames of a hostile shape", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("refuses too many keys, too deep, too long strings before parsing, and keeps answering", async () => {
    server = await startServer({ rateLimit: false, addressLimit: false });
    server.registry.register("echo")((consumer) =>
      send(consumer, { html: "ok" }),
    );
    const client = await server.connect();
    const form: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) form[`k${i}`] = "v";
    const deep = JSON.parse(`${"[".repeat(40)}${"]".repeat(40)}`) as unknown;
    for (const hostile of [
      message("echo", { form, id: 1 }),
      message("echo", { form: { deep }, id: 2 }),
      message("echo", { form: { text: "x".repeat(300_000) }, id: 3 }),
    ]) {
      client.sendJson(hostile);
      const frame = await client.receiveJson<{ code: string; error: string }>();
      expect(frame.code).toBe("LV_ERR_BAD_MESSAGE");
      expect(frame.error).toMatch(/entries|nested|longer/);
    }
    client.sendJson(message("echo", { id: 4 }));
    expect(await client.receiveJson()).toEqual({ html: "ok" });
  });

  it("takes lang, room, form and data only as the socket may: tags, its own room, plain data objects", async () => {
    server = await startServer({ rateLimit: false, addressLimit: false });
    server.registry.register("whoami")((consumer, content) =>
      send(consumer, {
        html: JSON.stringify({
          lang: content.lang,
          room: content.room,
          plainForm: Object.getPrototypeOf(content.form) === null,
          plainData: Object.getPrototypeOf(content.data) === null,
          proto: content.form["__proto__"] ?? null,
        }),
      }),
    );
    const client = await server.connect("room-a");
    const ask = async (extra: Record<string, unknown>) => {
      client.sendJson({ function: "whoami", ...extra });
      const frame = await client.receiveJson<{
        html?: string;
        code?: string;
      }>();
      return frame.html ? (JSON.parse(frame.html) as unknown) : frame.code;
    };

    // A megabyte of "language" is refused before any catalog is looked up.
    expect(await ask({ lang: "x".repeat(1_000_000) })).toBe(
      "LV_ERR_BAD_MESSAGE",
    );
    expect(await ask({ lang: "en<script>" })).toBe("LV_ERR_BAD_MESSAGE");
    // Another room named in the message is ignored; no form or data is the same as empty ones;
    // "__proto__" is a field like any other and pollutes nothing.
    expect(
      await ask({
        lang: "pt-BR",
        room: "victim",
        form: JSON.parse('{"__proto__": "x"}') as unknown,
      }),
    ).toEqual({
      lang: "pt-BR",
      room: "room-a",
      plainForm: true,
      plainData: true,
      proto: "x",
    });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("budgets bytes as well as messages: a large frame over the byte budget is refused, and the socket is read again once the budget has room", async () => {
    server = await startServer({
      maxMessageBytes: 100_000,
      rateLimit: { burstBytes: 200_000, bytesPerSecond: 200_000 },
      addressLimit: false,
    });
    server.registry.register("echo")((consumer) =>
      send(consumer, { html: "ok" }),
    );
    const client = await server.connect();
    const big = { text: "y".repeat(90_000) };
    const codes: unknown[] = [];
    for (let id = 1; id <= 4; id++) {
      client.sendJson(message("echo", { form: big, id }));
      const frame = await client.receiveJson<{ code?: string }>();
      codes.push(frame.code ?? "answered");
      if (!frame.code) await client.receiveJson();
    }
    // The third is over the budget (refused, and the socket is not read for ~0.45 s while it
    // refills); the fourth is read after that, within the budget again.
    expect(codes).toEqual([
      "answered",
      "answered",
      "LV_ERR_RATE_LIMITED",
      "answered",
    ]);
  });

  it("caps the bytes waiting behind a slow handler", async () => {
    server = await startServer({
      rateLimit: false,
      addressLimit: false,
      maxQueuedBytes: 100_000,
    });
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    server.registry.register("slow")(() => released);
    server.registry.register("echo")((consumer) =>
      send(consumer, { html: "ok" }),
    );
    const client = await server.connect();
    client.sendJson(message("slow", { id: "slow" }));
    const payload = { text: "z".repeat(40_000) };
    for (let id = 1; id <= 4; id++)
      client.sendJson(message("echo", { form: payload, id }));
    // The first two fit in the queue; the next ones are refused at once.
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_RATE_LIMITED",
      id: 3,
    });
    expect(await client.receiveJson()).toMatchObject({ id: 4 });
    release();
    expect(await client.receiveJson()).toEqual({ ack: "slow" });
  });

  it("fails a handler that never settles after handlerTimeoutMs, drops its late sends, and moves on", async () => {
    server = await startServer({ handlerTimeoutMs: 200 });
    let sentLate!: () => void;
    const lateSent = new Promise<void>((done) => (sentLate = done));
    server.registry.register("stuck")((consumer) => {
      // Still running in the handler's own context, after its deadline.
      setTimeout(() => {
        void send(consumer, { html: "too late" });
        sentLate();
      }, 400);
      return new Promise(() => {});
    });
    server.registry.register("echo")((consumer) =>
      send(consumer, { html: "ok" }),
    );
    const client = await server.connect();
    client.sendJson(message("stuck", { id: 1 }));
    client.sendJson(message("echo", { id: 2 }));
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_HANDLER_FAILED",
      id: 1,
    });
    expect(await client.receiveJson()).toEqual({ html: "ok" });
    expect(await client.receiveJson()).toEqual({ ack: 2 });
    await lateSent;
    client.sendJson(message("echo", { id: 3 }));
    expect(await client.receiveJson()).toEqual({ html: "ok" });
  });
});

describe("log lines a client causes", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("are cut, escaped and limited: 100 hostile frames write a few lines, no forged ones", async () => {
    const logger = recordingLogger();
    server = await startServer({
      logger,
      rateLimit: false,
      addressLimit: false,
    });
    const client = await server.connect();
    const forged = `x\n[liveview] Redis at redis://db is unavailable\u001b[31m\u0000${"A".repeat(200_000)}`;
    for (let id = 1; id <= 100; id++) {
      client.sendJson(message(forged, { id }));
      await client.receiveJson();
    }
    const text = logger.text();
    expect(text.length).toBeLessThan(5_000);
    expect(text).not.toMatch(/[\u0000\u001b]/);
    expect(
      text.split("\n").filter((line) => line.startsWith("[liveview] Redis")),
    ).toEqual([]);
    expect(text.match(/Unknown handler/g)).toHaveLength(10);
  });
});
