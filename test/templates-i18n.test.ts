import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderToString, send, t } from "../src/index.ts";
import { createTranslator } from "../src/i18n.ts";
import { copyFixture, FIXTURE_APP } from "./helpers/vite.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";

describe("templates and translations inside handlers", () => {
  let app: ReturnType<typeof copyFixture>;
  let server: RunningServer;
  beforeEach(async () => {
    app = copyFixture();
    server = await startServer({ root: app.root, dev: true });
    server.registry.register("greet")(async (consumer, content) => {
      send(consumer, { html: t("greeting", { name: content.form.name }) });
    });
    server.registry.register("render")(async (consumer, content) => {
      send(consumer, {
        html: await renderToString(String(content.data.template), {
          name: content.form.name,
        }),
      });
    });
    server.registry.register("later")(async (consumer) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      send(consumer, { html: t("greeting", { name: "async" }) });
    });
  });
  afterEach(async () => {
    await server.close();
    app.remove();
  });

  async function ask(fn: string, extra: Record<string, unknown>) {
    const client = await server.connect();
    client.sendJson(message(fn, { id: 1, ...extra }));
    const frame = await client.receiveJson<{ html: string }>();
    await client.close();
    return frame.html;
  }

  it("t() answers in the message's language, with {name} placeholders", async () => {
    expect(await ask("greet", { lang: "es", form: { name: "Ana" } })).toBe(
      "¡Hola, Ana!",
    );
    expect(await ask("greet", { lang: "en", form: { name: "Ana" } })).toBe(
      "Hello, Ana!",
    );
  });

  it("t() falls back from es-ES to es, and to the default language for unknown ones", async () => {
    expect(await ask("greet", { lang: "es-ES", form: { name: "Ana" } })).toBe(
      "¡Hola, Ana!",
    );
    expect(await ask("greet", { lang: "fr", form: { name: "Ana" } })).toBe(
      "Hello, Ana!",
    );
  });

  it("t() keeps the language across awaits, without activating anything", async () => {
    expect(await ask("later", { lang: "es" })).toBe("¡Hola, async!");
  });

  it("t() returns the key itself when no catalog has it", () => {
    expect(t("no.such.key")).toBe("no.such.key");
  });

  it("renderToString escapes what users typed, resolves layouts, and accepts names with or without .eta", async () => {
    const html = await ask("render", {
      data: { template: "hello_message.eta" },
      form: { name: "<script>x</script>" },
    });
    expect(html).toBe(
      '<div class="card"><p>Hello, &lt;script&gt;x&lt;/script&gt;!</p>\n</div>\n',
    );
    expect(
      await ask("render", {
        data: { template: "hello_message" },
        form: { name: "Bo" },
      }),
    ).toContain("Hello, Bo!");
  });

  it("renderToString supports includes and it.t() in templates", async () => {
    writeFileSync(
      join(app.root, "templates", "part.eta"),
      "<b><%= it.label %></b>",
    );
    writeFileSync(
      join(app.root, "templates", "page.eta"),
      '<%~ include("part", { label: it.t("greeting", { name: it.name }) }) %>',
    );
    expect(
      await ask("render", {
        lang: "es",
        data: { template: "page" },
        form: { name: "Ana" },
      }),
    ).toBe("<b>¡Hola, Ana!</b>");
  });

  it("shows an edited template on the next render in dev", async () => {
    writeFileSync(join(app.root, "templates", "edit.eta"), "one");
    expect(await ask("render", { data: { template: "edit" } })).toBe("one");
    writeFileSync(join(app.root, "templates", "edit.eta"), "two");
    expect(await ask("render", { data: { template: "edit" } })).toBe("two");
  });

  it("shows an edited catalog on the next message in dev", async () => {
    expect(await ask("greet", { form: { name: "Jo" } })).toBe("Hello, Jo!");
    const catalog = join(app.root, "locales", "en.json");
    writeFileSync(catalog, '{ "greeting": "Hi {name}" }');
    // A save a second later, as an editor's would be (the catalog is re-read when its mtime moves).
    const later = new Date(Date.now() + 1000);
    utimesSync(catalog, later, later);
    expect(await ask("greet", { form: { name: "Jo" } })).toBe("Hi Jo");
  });
});

describe("rendering in another language", () => {
  let app: ReturnType<typeof copyFixture>;
  let server: RunningServer;
  beforeEach(async () => {
    app = copyFixture();
    server = await startServer({ root: app.root });
    server.registry.register("switch")(async (consumer, content) => {
      const lang = String(content.data.to);
      send(consumer, {
        html: `${t("greeting", { name: "A" }, { lang })} ${await renderToString("page", { name: "B" }, { lang })}`,
      });
    });
  });
  afterEach(async () => {
    await server.close();
    app.remove();
  });

  it("t() and renderToString() take { lang } over the message's language", async () => {
    writeFileSync(
      join(app.root, "templates", "page.eta"),
      '<%= it.t("greeting", { name: it.name }) %>',
    );
    const client = await server.connect();
    client.sendJson(
      message("switch", { lang: "en", data: { to: "es" }, id: 1 }),
    );
    expect(await client.receiveJson()).toEqual({ html: "¡Hola, A! ¡Hola, B!" });
    await client.close();
  });
});

describe("catalogs of the languages clients send", () => {
  it("are remembered up to a bound, however many languages arrive", () => {
    const translator = createTranslator({
      dir: join(FIXTURE_APP, "locales"),
      defaultLanguage: "en",
      watch: false,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    for (let i = 0; i < 2000; i++) translator.translate(`x-${i}`, "greeting");
    expect(translator.cached).toBeLessThanOrEqual(64);
    expect(translator.translate("es", "greeting", { name: "Ana" })).toBe(
      "¡Hola, Ana!",
    );
  });
});
