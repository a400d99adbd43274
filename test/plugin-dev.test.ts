import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectTestClient } from "../src/testing/index.ts";
import { connectViteHmr } from "./helpers/hmr-client.ts";
import { copyFixture, startDevServer, type DevServer } from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";

describe("vite dev", () => {
  let app: ReturnType<typeof copyFixture>;
  let dev: DevServer;

  beforeEach(async () => {
    app = copyFixture();
    dev = await startDevServer(app.root, { metrics: true });
  });
  afterEach(async () => {
    await dev.close();
    app.remove();
  });

  it("answers say_hello with the rendered, escaped fragment and then an ack", async () => {
    const client = await connectTestClient(dev.socketUrl());
    client.sendJson({
      function: "say_hello",
      form: { name: "<b>Ana</b>" },
      data: {},
      lang: "en",
      room: "room-1",
      id: 1,
    });
    expect(await client.receiveJson()).toEqual({
      target: "#greeting",
      html: '<div class="card"><p>Hello, &lt;b&gt;Ana&lt;/b&gt;!</p>\n</div>\n',
    });
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    await client.close();
    // The metrics option works in dev as in preview and serve.
    const metrics = await (await fetch(dev.httpUrl("/metrics"))).text();
    expect(metrics).toContain(
      'liveview_messages_total{function="say_hello",outcome="ok"} 1',
    );
    // The dev inspector's page comes with what it shows, before its client connects.
    const inspector = await (await fetch(dev.httpUrl("/__liveview/"))).text();
    expect(inspector).toContain(
      '<tr data-handler="say_hello"><td><code>say_hello</code></td><td>liveview_components/hello.ts</td></tr>',
    );
    expect(inspector).toMatch(/data-direction="in" data-summary="say_hello"/);
  });

  it("logs each discovered handler file and skips files starting with _", async () => {
    await waitFor(() =>
      dev.logs.find((line) =>
        line.includes("✓ Imported: liveview_components/hello.ts"),
      ),
    );
    expect(dev.logs.join("\n")).not.toContain("_helpers.ts");
    const client = await connectTestClient(dev.socketUrl());
    client.sendJson({ function: "from_underscore_file", id: 1 });
    expect(await client.receiveJson()).toMatchObject({
      code: "LV_ERR_UNKNOWN_HANDLER",
      id: 1,
    });
    await client.close();
  });

  it("injects the client script into every HTML page", async () => {
    const html = await (await fetch(dev.httpUrl("/"))).text();
    // Vite serves an inline module script through its html-proxy.
    const proxy =
      /<script type="module" src="(\/index\.html\?html-proxy&amp;index=\d+\.js)"><\/script>\s*<\/body>/.exec(
        html,
      );
    expect(proxy).not.toBeNull();
    const inline = await (
      await fetch(dev.httpUrl(proxy![1]!.replace("&amp;", "&")))
    ).text();
    expect(inline).toContain("virtual:liveview-client");
    const client = await (
      await fetch(dev.httpUrl("/@id/__x00__virtual:liveview-client"))
    ).text();
    expect(client).toContain("startLiveView");
  });

  it("leaves Vite's HMR socket working next to the LiveView endpoint", async () => {
    const hmr = await connectViteHmr(dev.port);
    await waitFor(() =>
      hmr.payloads.find((payload) => payload.type === "connected"),
    );
    const client = await connectTestClient(dev.socketUrl());
    client.sendJson({ function: "say_hello", form: { name: "Bo" }, id: 1 });
    expect(await client.receiveJson()).toMatchObject({ target: "#greeting" });
    await client.close();
    hmr.close();
  });

  it("swaps a handler without sending the browser a reload or an update", async () => {
    const hmr = await connectViteHmr(dev.port);
    const client = await connectTestClient(dev.socketUrl());
    client.sendJson({ function: "say_hello", id: 1 });
    await client.receiveJson();
    await client.receiveJson();
    const file = join(app.root, "liveview_components", "hello.ts");
    const source = readFileSync(file, "utf8");
    const edited = source.replace(
      'html: t("greeting"',
      'html: "Howdy " + t("greeting"',
    );
    expect(edited).not.toBe(source);
    writeFileSync(file, edited);
    const replied = await waitFor(async () => {
      client.sendJson({ function: "translate", data: { name: "x" }, id: 2 });
      const frame = await client.receiveJson<{ html?: string }>();
      await client.receiveJson();
      return frame.html?.startsWith("Howdy ") ? frame : undefined;
    });
    expect(replied).toMatchObject({ target: "#out" });
    // Vite handled the edit before the new code answered; a marker sent now arrives after
    // anything it sent the browser for that edit.
    dev.server.environments.client.hot.send("test:marker", {});
    await waitFor(() =>
      hmr.payloads.some((payload) => payload.event === "test:marker")
        ? true
        : undefined,
    );
    expect(hmr.payloads.map((payload) => payload.type)).not.toContain(
      "full-reload",
    );
    expect(hmr.payloads.map((payload) => payload.type)).not.toContain("update");
    await client.close();
    hmr.close();
  });

  it("shows a handler exception in the error overlay with its stack, and the socket stays open", async () => {
    const hmr = await connectViteHmr(dev.port);
    const client = await connectTestClient(dev.socketUrl());
    client.sendJson({ function: "fail", id: 7 });
    const frame = await client.receiveJson<{
      error: string;
      code: string;
      id: number;
    }>();
    expect(frame).toMatchObject({ code: "LV_ERR_HANDLER_FAILED", id: 7 });
    expect(frame.error).toContain("boom");
    const overlay = await waitFor(() =>
      hmr.payloads.find((payload) => payload.type === "error"),
    );
    expect(JSON.stringify(overlay)).toContain("boom: secret detail");
    expect(JSON.stringify(overlay)).toContain("hello.ts");
    client.sendJson({ function: "say_hello", id: 8 });
    expect(await client.receiveJson()).toMatchObject({ target: "#greeting" });
    await client.close();
    hmr.close();
  });

  it("shows a handler file's syntax error in the error overlay", async () => {
    const hmr = await connectViteHmr(dev.port);
    const client = await connectTestClient(dev.socketUrl());
    client.sendJson({ function: "say_hello", id: 1 });
    await client.receiveJson();
    await client.receiveJson();
    writeFileSync(
      join(app.root, "liveview_components", "broken.ts"),
      "export const = ;\n",
    );
    const overlay = await waitFor(async () => {
      client.sendJson({ function: "say_hello", id: 2 });
      await client.receiveJson();
      await client.receiveJson();
      return hmr.payloads.find((payload) => payload.type === "error");
    });
    expect(JSON.stringify(overlay)).toContain("broken.ts");
    await client.close();
    hmr.close();
  });
});

describe("rooms in vite dev", () => {
  it("are signed by default: each page load gets its own room, and made-up or forged rooms are refused", async () => {
    const app = copyFixture();
    // No roomSecret and no LIVEVIEW_SECRET: the dev server makes a random secret.
    const dev = await startDevServer(app.root, { roomSecret: undefined });
    try {
      const page = async () => await (await fetch(dev.httpUrl("/"))).text();
      const room = /data-room="([^"]+)"/.exec(await page())?.[1];
      expect(room).toMatch(/^[\w-]+~[\w-]+$/);
      expect(/data-room="([^"]+)"/.exec(await page())?.[1]).not.toBe(room);
      const client = await connectTestClient(dev.socketUrl(room));
      client.sendJson({ function: "say_hello", id: 1 });
      expect(await client.receiveJson()).toMatchObject({ target: "#greeting" });
      await client.close();
      for (const made of ["made-up", `${room!.split("~")[0]}~forged`]) {
        const refused = await connectTestClient(dev.socketUrl(made));
        expect(await refused.receiveJson()).toMatchObject({
          code: "LV_ERR_FORBIDDEN",
        });
        expect(await refused.closed()).toBe(4403);
      }
    } finally {
      await dev.close();
      app.remove();
    }
  });

  it("are plain names with roomSecret: false", async () => {
    const app = copyFixture();
    const dev = await startDevServer(app.root, { roomSecret: false });
    try {
      expect(await (await fetch(dev.httpUrl("/"))).text()).not.toContain(
        "data-room=",
      );
      const client = await connectTestClient(dev.socketUrl("team-a"));
      client.sendJson({ function: "say_hello", id: 1 });
      expect(await client.receiveJson()).toMatchObject({ target: "#greeting" });
      await client.close();
    } finally {
      await dev.close();
      app.remove();
    }
  });
});
