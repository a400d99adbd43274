import { type } from "arktype";
import * as v from "valibot";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { send } from "../src/index.ts";
import { createRegistry } from "../src/registry.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";

const contactForm = v.object({
  email: v.pipe(v.string(), v.email("Enter a valid email")),
  age: v.pipe(v.string(), v.transform(Number), v.number()),
});

describe("handlers with schemas, over a real socket", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("runs the handler with the schema's output: valibot's transforms apply", async () => {
    server = await startServer();
    server.registry.register("save_contact", { form: contactForm })(
      (consumer, { form }) =>
        send(consumer, { target: "#out", html: JSON.stringify(form) }),
    );
    const client = await server.connect();
    client.sendJson(
      message("save_contact", {
        form: { email: "ada@example.com", age: "36" },
        id: 1,
      }),
    );
    expect(await client.receiveJson()).toEqual({
      target: "#out",
      html: '{"email":"ada@example.com","age":36}',
    });
    expect(await client.receiveJson()).toEqual({ ack: 1 });
  });

  it("replies LV_ERR_INVALID_INPUT with each field's message, never runs the handler, and keeps the socket open", async () => {
    server = await startServer();
    let runs = 0;
    server.registry.register("save_contact", { form: contactForm })(() => {
      runs += 1;
    });
    const client = await server.connect();
    client.sendJson(
      message("save_contact", { form: { email: "nope", age: "36" }, id: 7 }),
    );
    expect(await client.receiveJson()).toEqual({
      error: "Invalid input: email: Enter a valid email",
      code: "LV_ERR_INVALID_INPUT",
      id: 7,
      issues: [{ path: "email", message: "Enter a valid email" }],
    });
    client.sendJson(
      message("save_contact", { form: { email: "a@b.co", age: "1" }, id: 8 }),
    );
    expect(await client.receiveJson()).toEqual({ ack: 8 });
    expect(runs).toBe(1);
  });

  it("gives nested fields dotted paths: an object in a field, an item of a list", async () => {
    server = await startServer();
    server.registry.register("save_address", {
      form: z.object({
        address: z
          .string()
          .transform((text) => JSON.parse(text) as unknown)
          .pipe(z.object({ city: z.string().min(1, "City is required") })),
        tags: z.array(z.string().min(1, "Empty tag")),
      }),
    })(() => {});
    const client = await server.connect();
    client.sendJson(
      message("save_address", {
        form: { address: '{"city":""}', tags: ["ok", ""] },
        id: 1,
      }),
    );
    const frame = await client.receiveJson();
    expect(frame).toMatchObject({ code: "LV_ERR_INVALID_INPUT", id: 1 });
    expect(frame.issues).toEqual([
      { path: "address.city", message: "City is required" },
      { path: "tags.1", message: "Empty tag" },
    ]);
  });

  it("checks data-data-* values with a data schema, and reports form and data issues together", async () => {
    server = await startServer();
    server.registry.register("delete_item", {
      form: type({ confirm: "true" }),
      data: type({ item_id: "string.integer.parse" }),
    })((consumer, content) =>
      send(consumer, {
        target: "#out",
        html: `${typeof content.data.item_id}:${String(content.data.item_id)}`,
      }),
    );
    const client = await server.connect();
    client.sendJson(
      message("delete_item", {
        form: { confirm: true },
        data: { item_id: "42" },
        id: 1,
      }),
    );
    expect(await client.receiveJson()).toEqual({
      target: "#out",
      html: "number:42",
    });
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    client.sendJson(
      message("delete_item", {
        form: { confirm: false },
        data: { item_id: "x" },
        id: 2,
      }),
    );
    const frame = await client.receiveJson();
    expect(frame).toMatchObject({ code: "LV_ERR_INVALID_INPUT", id: 2 });
    expect(
      (frame.issues as { path: string }[]).map((issue) => issue.path),
    ).toEqual(["confirm", "item_id"]);
  });

  it("awaits asynchronous validators, and the connection's messages stay in order", async () => {
    server = await startServer();
    const taken = new Set(["ada"]);
    server.registry.register("sign_up", {
      form: v.objectAsync({
        username: v.pipeAsync(
          v.string(),
          v.checkAsync(async (name) => {
            await new Promise((resolve) => setImmediate(resolve));
            return !taken.has(name);
          }, "That name is taken"),
        ),
      }),
    })((consumer, { form }) =>
      send(consumer, { target: "#out", html: String(form.username) }),
    );
    server.registry.register("echo")((consumer) =>
      send(consumer, { html: "echo" }),
    );
    const client = await server.connect();
    client.sendJson(message("sign_up", { form: { username: "ada" }, id: 1 }));
    client.sendJson(message("echo", { id: 2 }));
    client.sendJson(message("sign_up", { form: { username: "bo" }, id: 3 }));
    const frames = [];
    for (let i = 0; i < 5; i++) frames.push(await client.receiveJson());
    expect(frames).toEqual([
      {
        error: "Invalid input: username: That name is taken",
        code: "LV_ERR_INVALID_INPUT",
        id: 1,
        issues: [{ path: "username", message: "That name is taken" }],
      },
      { html: "echo" },
      { ack: 2 },
      { target: "#out", html: "bo" },
      { ack: 3 },
    ]);
  });

  it("runs middleware first, on the form as sent: a refusal there skips validation", async () => {
    server = await startServer();
    const seen: unknown[] = [];
    server.registry.addMiddleware((_consumer, content) => {
      seen.push(content.form.age);
      return content.form.email !== "blocked@example.com";
    });
    server.registry.register("save_contact", { form: contactForm })(() => {});
    const client = await server.connect();
    client.sendJson(
      message("save_contact", {
        form: { email: "blocked@example.com", age: "x" },
        id: 1,
      }),
    );
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    expect(seen).toEqual(["x"]);
  });

  it("answers LV_ERR_HANDLER_FAILED when a schema itself throws", async () => {
    server = await startServer();
    server.registry.register("broken", {
      form: z.object({}).transform(() => {
        throw new Error("schema bug");
      }),
    })(() => {});
    const client = await server.connect();
    client.sendJson(message("broken", { id: 1 }));
    expect(await client.receiveJson()).toEqual({
      error: "The handler failed",
      code: "LV_ERR_HANDLER_FAILED",
      id: 1,
    });
  });
});

describe("schemas given at registration", () => {
  it("are refused at once when they are not Standard Schemas or have a misspelt key", () => {
    const registry = createRegistry();
    expect(() =>
      registry.register("a", { form: { parse() {} } } as never),
    ).toThrow(
      'liveviewHandler("a", schemas, fn): "form" is not a Standard Schema',
    );
    expect(() =>
      registry.register("b", { from: v.object({}) } as never),
    ).toThrow('unknown key "from" (a handler takes form and data schemas)');
  });
});

describe("unknown handlers", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("suggests the closest registered name in dev", async () => {
    server = await startServer({ dev: true });
    server.registry.register("say_hello")(() => {});
    server.registry.register("save_contact")(() => {});
    const client = await server.connect();
    client.sendJson(message("say_helo", { id: 1 }));
    expect(await client.receiveJson()).toEqual({
      error: 'No handler named "say_helo" (did you mean "say_hello"?)',
      code: "LV_ERR_UNKNOWN_HANDLER",
      id: 1,
    });
    client.sendJson(message("completely_different", { id: 2 }));
    expect(await client.receiveJson()).toMatchObject({
      error: 'No handler named "completely_different"',
    });
  });

  it("stays terse in production: no registered name is revealed", async () => {
    server = await startServer();
    server.registry.register("say_hello")(() => {});
    const client = await server.connect();
    client.sendJson(message("say_helo", { id: 1 }));
    expect(await client.receiveJson()).toEqual({
      error: 'No handler named "say_helo"',
      code: "LV_ERR_UNKNOWN_HANDLER",
      id: 1,
    });
  });
});
