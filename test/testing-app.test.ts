import { join } from "node:path";
import * as v from "valibot";
import { afterEach, describe, expect, it } from "vitest";
import {
  liveviewHandler,
  liveviewRegistry,
  renderToString,
  send,
  t,
} from "../src/index.ts";
import { createRegistry } from "../src/registry.ts";
import { createTestApp } from "../src/testing/index.ts";
import { FIXTURE_APP } from "./helpers/vite.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe("createTestApp", () => {
  const registered: string[] = [];
  afterEach(() => {
    for (const name of registered.splice(0)) liveviewRegistry.unregister(name);
  });

  it("gives a handler that declares uploads the files a test names, checked against its limits", async () => {
    registered.push("app_save_avatar");
    liveviewHandler(
      "app_save_avatar",
      { uploads: { avatar: { accept: [".eta"], maxBytes: 1000 } } },
      (consumer, { uploads }) => {
        const [file] = uploads.avatar;
        send(consumer, { html: `${file?.name} ${file?.size}` });
      },
    );
    const app = createTestApp();
    const path = join(FIXTURE_APP, "templates", "hello_message.eta");
    const saved = await app.call("app_save_avatar", {
      uploads: { avatar: [{ path }] },
    });
    expect(saved.frames).toEqual([
      { html: expect.stringMatching(/^hello_message\.eta \d+$/) },
    ]);
    const refused = await app.call("app_save_avatar", {
      uploads: { avatar: [{ path, name: "big.eta", size: 2000 }] },
    });
    expect(refused.error).toMatchObject({
      code: "LV_ERR_INVALID_INPUT",
      issues: [
        {
          path: "avatar",
          message: "big.eta: too large (2000 bytes; at most 1000 bytes)",
        },
      ],
    });
    expect((await app.call("app_save_avatar")).frames).toEqual([
      { html: "undefined undefined" },
    ]);
  });

  it("runs a message through the handlers liveviewHandler registered, with their schemas, and returns the frames and the ack", async () => {
    registered.push("app_save_contact");
    let ran = 0;
    liveviewHandler(
      "app_save_contact",
      {
        form: v.object({
          email: v.pipe(v.string(), v.email("Enter a valid email")),
          age: v.pipe(v.string(), v.transform(Number)),
        }),
      },
      (consumer, { form }) => {
        ran += 1;
        send(consumer, {
          target: "#out",
          html: `${form.email} ${form.age + 1}`,
        });
      },
    );
    const app = createTestApp();
    expect(
      await app.call("app_save_contact", {
        form: { email: "ada@example.com", age: "36" },
      }),
    ).toEqual({
      frames: [{ target: "#out", html: "ada@example.com 37" }],
      ack: 1,
      error: undefined,
    });

    const refused = await app.call("app_save_contact", {
      form: { email: "nope", age: "1" },
      id: "save-2",
    });
    expect(refused).toEqual({
      frames: [],
      ack: undefined,
      error: {
        error: "Invalid input: email: Enter a valid email",
        code: "LV_ERR_INVALID_INPUT",
        id: "save-2",
        issues: [{ path: "email", message: "Enter a valid email" }],
      },
    });
    expect(ran).toBe(1);
  });

  it("runs the middleware chain first: what it sends comes back, and a refusal is acknowledged without the handler", async () => {
    const registry = createRegistry();
    const order: string[] = [];
    registry.addMiddleware((consumer, content) => {
      order.push("first");
      if (consumer.scope.user === undefined) {
        send(consumer, { target: "#flash", html: "Please sign in" });
        return false;
      }
      return content.function !== "never";
    });
    registry.addMiddleware(() => {
      order.push("second");
    });
    registry.register("whoami")((consumer) => {
      order.push("handler");
      send(consumer, {
        target: "#who",
        html: (consumer.scope.user as { name: string }).name,
      });
    });

    const anonymous = createTestApp({ registry, logger: silent });
    expect(await anonymous.call("whoami")).toEqual({
      frames: [{ target: "#flash", html: "Please sign in" }],
      ack: 1,
      error: undefined,
    });
    expect(order).toEqual(["first"]);

    const signedIn = createTestApp({
      registry,
      scope: { user: { name: "Ada" } },
    });
    const result = await signedIn.call("whoami");
    expect(result.frames).toEqual([{ target: "#who", html: "Ada" }]);
    expect(order).toEqual(["first", "first", "second", "handler"]);
  });

  it("renders templates and translations in the message's language", async () => {
    const registry = createRegistry();
    registry.register("greet")(async (consumer, content) => {
      send(consumer, {
        target: "#greeting",
        html: await renderToString("hello_message", {
          name: content.data.name,
        }),
      });
      send(consumer, { target: "#out", html: t("greeting", content.data) });
    });
    const app = createTestApp({
      registry,
      templates: join(FIXTURE_APP, "templates"),
      locales: join(FIXTURE_APP, "locales"),
    });
    const result = await app.call("greet", {
      data: { name: "Ana" },
      lang: "es",
    });
    expect(result.frames).toEqual([
      {
        target: "#greeting",
        html: '<div class="card"><p>Hello, Ana!</p>\n</div>\n',
      },
      { target: "#out", html: "¡Hola, Ana!" },
    ]);
  });

  it("answers failures as the server does: dev says why, production stays terse", async () => {
    const registry = createRegistry();
    registry.register("boom")(() => {
      throw new Error("database is down");
    });
    registry.register("say_hello")(() => {});
    const dev = createTestApp({ registry, logger: silent });
    expect((await dev.call("boom")).error).toEqual({
      error: 'Handler "boom" failed: database is down',
      code: "LV_ERR_HANDLER_FAILED",
      id: 1,
    });
    expect((await dev.call("say_helo")).error).toMatchObject({
      code: "LV_ERR_UNKNOWN_HANDLER",
      error: 'No handler named "say_helo" (did you mean "say_hello"?)',
    });
    const production = createTestApp({ registry, dev: false, logger: silent });
    expect((await production.call("boom")).error).toMatchObject({
      error: "The handler failed",
    });
    expect((await production.send({ function: 7, id: "x" })).error).toEqual({
      error: '"function" must be a non-empty string',
      code: "LV_ERR_BAD_MESSAGE",
      id: "x",
    });
    // A whole message, as the browser sends it; without an id it gets one, so it is acked.
    expect(await production.send({ function: "say_hello", form: {} })).toEqual({
      frames: [],
      ack: 2,
      error: undefined,
    });
  });

  it("runs calls made together one after another, as a socket does, so each gets its own frames", async () => {
    const registry = createRegistry();
    registry.register("slow")(async (consumer) => {
      // Settles a turn of the event loop later, after "fast" was already called.
      await new Promise((resolve) => setImmediate(resolve));
      send(consumer, { html: "slow" });
    });
    registry.register("fast")((consumer) => send(consumer, { html: "fast" }));
    const app = createTestApp({ registry });
    const [slow, fast] = await Promise.all([
      app.call("slow"),
      app.call("fast"),
    ]);
    expect(slow.frames).toEqual([{ html: "slow" }]);
    expect(fast.frames).toEqual([{ html: "fast" }]);
  });

  it("keeps what a handler sends after it settled on the consumer", async () => {
    const registry = createRegistry();
    let finish!: () => void;
    const later = new Promise<void>((resolve) => (finish = resolve));
    registry.register("later")((consumer) => {
      void later.then(() => send(consumer, { target: "#late", html: "done" }));
    });
    const app = createTestApp({ registry });
    expect(await app.call("later")).toMatchObject({ frames: [], ack: 1 });
    finish();
    await later;
    expect(app.consumer.sent).toEqual([{ target: "#late", html: "done" }]);
  });
});
