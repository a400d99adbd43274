import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuilder, preview, type PreviewServer } from "vite";
import { releaseBuildId, sharedBuildId } from "../plugin/build.ts";
import liveview from "../plugin/index.ts";
import { connectTestClient } from "../src/testing/index.ts";
import { copyFixture, createRecordingLogger } from "./helpers/vite.ts";
import { signedRoom, TEST_SECRET } from "./helpers/rooms.ts";

describe("vite build and vite preview", () => {
  let app: ReturnType<typeof copyFixture>;
  let server: PreviewServer;
  let port: number;

  beforeAll(async () => {
    app = copyFixture();
    writeFileSync(
      join(app.root, "about.html"),
      "<!doctype html><html><body><h1>About</h1></body></html>",
    );
    // Vite's multi-page recipe: a top-level input, which must not reach the server bundle.
    const input = {
      main: join(app.root, "index.html"),
      about: join(app.root, "about.html"),
    };
    const config = {
      root: app.root,
      configFile: false as const,
      customLogger: createRecordingLogger(),
      plugins: [liveview({ roomSecret: TEST_SECRET, metrics: true })],
      build: { rollupOptions: { input } },
    };
    const builder = await createBuilder(config);
    await builder.buildApp();
    server = await preview({
      ...config,
      preview: { port: 0, host: "127.0.0.1" },
    });
    port = (server.httpServer.address() as AddressInfo).port;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    app?.remove();
  });

  it("writes the pages to dist/client and the handlers' bundle, templates and locales to dist/server", () => {
    const dist = join(app.root, "dist");
    expect(existsSync(join(dist, "client", "index.html"))).toBe(true);
    expect(existsSync(join(dist, "server", "liveview-entry.mjs"))).toBe(true);
    expect(existsSync(join(dist, "client", "about.html"))).toBe(true);
    // chunks/ holds code loaded on demand (ioredis, when Redis is configured).
    const server = readdirSync(join(dist, "server")).filter(
      (f) => f !== "chunks",
    );
    // The map names the project's files in `liveview serve`'s stack traces.
    expect(server.sort()).toEqual([
      "liveview-entry.mjs",
      "liveview-entry.mjs.map",
      "liveview.json",
      "locales",
      "templates",
    ]);
    expect(
      existsSync(join(dist, "server", "templates", "hello_message.eta")),
    ).toBe(true);
    expect(existsSync(join(dist, "server", "locales", "es.json"))).toBe(true);
    const bundle = readFileSync(
      join(dist, "server", "liveview-entry.mjs"),
      "utf8",
    );
    expect(bundle).toContain("say_hello");
    expect(bundle).not.toContain("from_underscore_file");
    expect(readFileSync(join(dist, "client", "index.html"), "utf8")).toMatch(
      /<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/,
    );
  });

  it("serves the same endpoint on vite preview", async () => {
    const client = await connectTestClient(
      `ws://127.0.0.1:${port}/ws/liveview/${signedRoom()}/`,
    );
    client.sendJson({
      function: "say_hello",
      form: { name: "Preview" },
      data: {},
      lang: "es",
      room: "room-1",
      id: 1,
    });
    expect(await client.receiveJson()).toEqual({
      target: "#greeting",
      html: '<div class="card"><p>Hello, Preview!</p>\n</div>\n',
    });
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    client.sendJson({
      function: "translate",
      data: { name: "Ana" },
      lang: "es",
      id: 2,
    });
    expect(await client.receiveJson()).toEqual({
      target: "#out",
      html: "¡Hola, Ana!",
    });
    await client.close();
  });

  it("serves /metrics as vite.config says, and no dev inspector", async () => {
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await metrics.text()).toContain("liveview_connections ");
    const inspector = await fetch(`http://127.0.0.1:${port}/__liveview/`);
    expect(inspector.status).toBe(404);
  });

  it("does not serve the server bundle to browsers", async () => {
    const response = await fetch(
      `http://127.0.0.1:${port}/server/liveview-entry.mjs`,
    );
    // Preview answers unknown paths with index.html; handler code never appears.
    expect(await response.text()).not.toContain("beginModule");
  });

  it("gives each page load its own signed room on vite preview when roomSecret is set", async () => {
    const signed = await preview({
      root: app.root,
      configFile: false,
      customLogger: createRecordingLogger(),
      plugins: [liveview({ roomSecret: "preview-secret" })],
      preview: { port: 0, host: "127.0.0.1" },
    });
    try {
      const signedPort = (signed.httpServer.address() as AddressInfo).port;
      const page = async () =>
        await (
          await fetch(`http://127.0.0.1:${signedPort}/`, {
            headers: { accept: "text/html" },
          })
        ).text();
      const room = /data-room="([^"]+)"/.exec(await page())?.[1];
      expect(room).toMatch(/~/);
      expect(/data-room="([^"]+)"/.exec(await page())?.[1]).not.toBe(room);
      const client = await connectTestClient(
        `ws://127.0.0.1:${signedPort}/ws/liveview/${room}/`,
      );
      client.sendJson({ function: "say_hello", id: 1 });
      expect(await client.receiveJson()).toMatchObject({ target: "#greeting" });
      await client.close();
      const forged = await connectTestClient(
        `ws://127.0.0.1:${signedPort}/ws/liveview/made-up/`,
      );
      expect(await forged.receiveJson()).toMatchObject({
        code: "LV_ERR_FORBIDDEN",
      });
      expect(await forged.closed()).toBe(4403);
    } finally {
      await signed.close();
    }
  });
});

describe("vite build of a multi-page app with no inputs listed", () => {
  it("builds every page under the root, and none from public/ or node_modules", async () => {
    const app = copyFixture();
    try {
      const page = (title: string) =>
        `<!doctype html><html><body><h1>${title}</h1>` +
        `<script type="module">console.log(${JSON.stringify(title)})</script></body></html>`;
      for (const [file, title] of [
        ["about/index.html", "About"],
        ["docs/guide.html", "Guide"],
        ["public/raw.html", "Raw"],
        ["node_modules/pkg/page.html", "Dependency"],
      ]) {
        mkdirSync(join(app.root, dirname(file!)), { recursive: true });
        writeFileSync(join(app.root, file!), page(title!));
      }
      const builder = await createBuilder({
        root: app.root,
        configFile: false,
        customLogger: createRecordingLogger(),
        plugins: [liveview()],
      });
      await builder.buildApp();
      const client = join(app.root, "dist", "client");
      // Built pages have their inline module bundled; public/ is copied as it is.
      for (const built of [
        "index.html",
        "about/index.html",
        "docs/guide.html",
      ]) {
        expect(readFileSync(join(client, built), "utf8")).toMatch(
          /<script type="module" crossorigin src="\/assets\//,
        );
      }
      expect(readFileSync(join(client, "raw.html"), "utf8")).toContain(
        'console.log("Raw")',
      );
      expect(existsSync(join(client, "node_modules"))).toBe(false);
    } finally {
      app.remove();
    }
  });
});

describe("the build id", () => {
  it("is one per build of a root, whichever plugin instance asks, and fresh for the next build", () => {
    const first = sharedBuildId("/app");
    expect(sharedBuildId("/app")).toBe(first);
    expect(sharedBuildId("/other")).not.toBe(first);
    releaseBuildId("/app", "client");
    expect(sharedBuildId("/app")).toBe(first);
    releaseBuildId("/app", "ssr");
    expect(sharedBuildId("/app")).not.toBe(first);
  });
});
