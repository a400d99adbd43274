import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createServer, type Plugin, type ViteDevServer } from "vite";
import liveview, { type LiveViewPluginApi } from "../plugin/index.ts";
import { connectTestClient } from "../src/testing/index.ts";
import { copyFixture, createRecordingLogger } from "./helpers/vite.ts";
import { signedRoom, TEST_SECRET } from "./helpers/rooms.ts";

/** A page the host sends itself, with a region `say_hello` renders on the server. */
const PAGE = `<!doctype html><html><head><title>Host</title></head><body data-controller="page"><div id="greeting" data-liveview-init="say_hello" data-liveview-prerender></div></body></html>`;

describe("Vite in middleware mode", () => {
  let app: ReturnType<typeof copyFixture>;
  let vite: ViteDevServer;
  const http = createHttpServer();

  afterEach(async () => {
    await vite?.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
    app?.remove();
  });

  it("serves the endpoint on the host's own HTTP server through the plugin's api.attach(), and first paint through api.prerender()", async () => {
    app = copyFixture();
    vite = await createServer({
      root: app.root,
      configFile: false,
      customLogger: createRecordingLogger(),
      plugins: [liveview({ roomSecret: TEST_SECRET })],
      server: { middlewareMode: true, ws: false },
      appType: "custom",
    });
    const plugin = vite.config.plugins.find(
      (candidate) => candidate.name === "vite-plugin-liveview",
    ) as Plugin<LiveViewPluginApi>;
    const detach = plugin.api!.attach(http);
    // The host sends its pages itself: Vite's transforms, then the regions for this request.
    http.on("request", (request, response) =>
      vite.middlewares(request, response, async () => {
        const html = await vite.transformIndexHtml(request.url ?? "/", PAGE);
        const page = await plugin.api!.prerender(html, request);
        response.setHeader("Content-Type", "text/html");
        response.end(page.html);
      }),
    );
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const port = (http.address() as AddressInfo).port;
    const client = await connectTestClient(
      `ws://127.0.0.1:${port}/ws/liveview/${signedRoom()}/`,
    );
    client.sendJson({ function: "say_hello", form: { name: "host" }, id: 1 });
    expect(await client.receiveJson()).toMatchObject({ target: "#greeting" });
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    await client.close();

    const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(body).toMatch(
      /<div id="greeting" data-liveview-init="say_hello" data-liveview-prerender data-liveview-prerendered>.*Hello, World!.*<\/div>/s,
    );
    // Vite's client and ours (an html-proxy module) are still there.
    expect(body).toContain(`<script type="module" src="/@vite/client">`);
    expect(body).toMatch(/<script type="module" src="[^"]*html-proxy/);
    detach();
  });
});
