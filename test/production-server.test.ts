import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProductionServer, type ProductionServer } from "../src/index.ts";
import { assertWorkersHaveRedis, parseServeArgs } from "../src/cli/args.ts";
import { connectTestClient } from "../src/testing/index.ts";
import { buildApp } from "./helpers/serve.ts";
import { copyFixture } from "./helpers/vite.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A raw GET (fetch would decompress and hide the encoding). */
function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("liveview serve's HTTP side", () => {
  let app: ReturnType<typeof copyFixture>;
  let server: ProductionServer;
  let asset: string;

  beforeAll(async () => {
    app = copyFixture();
    mkdirSync(join(app.root, "public"));
    mkdirSync(join(app.root, "public", "docs"));
    writeFileSync(
      join(app.root, "public", "docs", "index.html"),
      "<html><body>docs page</body></html>",
    );
    writeFileSync(join(app.root, "public", "robots.txt"), "User-agent: *\n");
    writeFileSync(join(app.root, "public", ".env.local"), "SECRET=1\n");
    await buildApp(app.root);
    server = await startProductionServer({
      dist: join(app.root, "dist"),
      port: 0,
      host: "127.0.0.1",
      logger: silent,
      roomSecret: "secret",
    });
    const html = (await get(server.port, "/")).body.toString();
    asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    app?.remove();
  });

  it("serves the built page with a fresh signed room that no shared cache keeps", async () => {
    const first = await get(server.port, "/", { accept: "text/html" });
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(first.headers["cache-control"]).toBe("private, no-cache");
    expect(first.headers["x-content-type-options"]).toBe("nosniff");
    const room = /data-room="([^"]+)"/.exec(first.body.toString())?.[1];
    expect(room).toMatch(/^[\w-]+~[\w-]+$/);
    const second = /data-room="([^"]+)"/.exec(
      (await get(server.port, "/")).body.toString(),
    )?.[1];
    expect(second).not.toBe(room);
    const client = await connectTestClient(
      `ws://127.0.0.1:${server.port}/ws/liveview/${room}/`,
    );
    client.sendJson({ function: "say_hello", form: { name: "Prod" }, id: 1 });
    expect(await client.receiveJson()).toMatchObject({ target: "#greeting" });
    await client.close();
  });

  it("caches hashed assets for a year, with the right content type", async () => {
    const response = await get(server.port, asset);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["cache-control"]).toBe(
      "public, max-age=31536000, immutable",
    );
  });

  it("compresses with brotli or gzip when the client accepts it", async () => {
    const plain = await get(server.port, asset);
    const br = await get(server.port, asset, {
      "accept-encoding": "gzip, deflate, br",
    });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gzip = await get(server.port, asset, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(gzip.body.length).toBeLessThan(plain.body.length);
  });

  it("answers 304 to a matching ETag and HEAD without a body", async () => {
    const first = await get(server.port, asset);
    const again = await get(server.port, asset, {
      "if-none-match": String(first.headers.etag),
    });
    expect(again.status).toBe(304);
    const head = await get(server.port, asset, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it("falls back to the nearest index.html for history URLs, but not for missing files", async () => {
    const page = await get(server.port, "/articles/42/", {
      accept: "text/html,application/xhtml+xml",
    });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain(
      'data-liveview-function="say_hello"',
    );
    expect(
      (await get(server.port, "/missing.js", { accept: "*/*" })).status,
    ).toBe(404);
    const nested = await get(server.port, "/docs/guide/intro", {
      accept: "text/html",
    });
    expect(nested.body.toString()).toContain("docs page");
    expect((await get(server.port, "/robots.txt")).body.toString()).toBe(
      "User-agent: *\n",
    );
  });

  it("never serves files outside dist/client", async () => {
    for (const path of [
      "/../server/liveview-entry.mjs",
      "/%2e%2e/server/liveview.json",
      "/..%2f..%2fpackage.json",
      "/%00",
    ]) {
      const response = await get(server.port, path, { accept: "*/*" });
      expect(response.body.toString()).not.toMatch(/beginModule|"templates"/);
    }
  });

  it("serves no dotfiles, answers Range requests, and says nosniff", async () => {
    expect((await get(server.port, "/.env.local")).status).toBe(404);
    expect((await get(server.port, "/robots.txt")).status).toBe(200);
    const part = await get(server.port, "/robots.txt", { range: "bytes=0-3" });
    expect(part.status).toBe(206);
    expect(part.body.toString()).toBe("User");
    expect(part.headers["content-range"]).toBe("bytes 0-3/14");
  });

  it("answers a URL of thousands of segments at once, from the list of pages", async () => {
    const deep = "/x".repeat(2000);
    const page = await get(server.port, deep, { accept: "text/html" });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain(
      'data-liveview-function="say_hello"',
    );
    const file = await get(server.port, `${deep}.js`, { accept: "*/*" });
    expect(file.status).toBe(404);
  });

  it("closes a page of another build with 4409, and keeps pages of this build", async () => {
    const manifest = JSON.parse(
      readFileSync(join(app.root, "dist", "server", "liveview.json"), "utf8"),
    ) as { buildId: string };
    expect(manifest.buildId).toMatch(/^[\w-]+$/);
    const scripts = readdirSync(join(app.root, "dist", "client", "assets"))
      .filter((file) => file.endsWith(".js"))
      .map((file) =>
        readFileSync(join(app.root, "dist", "client", "assets", file), "utf8"),
      );
    expect(scripts.some((code) => code.includes(manifest.buildId))).toBe(true);
    const room = /data-room="([^"]+)"/.exec(
      (await get(server.port, "/")).body.toString(),
    )![1]!;
    const url = `ws://127.0.0.1:${server.port}/ws/liveview/${room}/`;
    const stale = await connectTestClient(`${url}?build=older-build`);
    expect(await stale.closed()).toBe(4409);
    const current = await connectTestClient(`${url}?build=${manifest.buildId}`);
    current.sendJson({ function: "say_hello", id: 1 });
    expect(await current.receiveJson()).toMatchObject({ target: "#greeting" });
    await current.close();
  });

  it("reports health for load balancers, and has no dev inspector nor /metrics unless asked", async () => {
    expect((await get(server.port, "/__liveview/")).status).toBe(404);
    const metrics = await get(server.port, "/metrics");
    expect(metrics.body.toString()).not.toContain("liveview_");
    const response = await get(server.port, "/healthz");
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({
      status: "ok",
      clients: 0,
    });
  });
});

describe("liveview serve arguments", () => {
  it("takes flags over environment variables over defaults", () => {
    expect(parseServeArgs([], {})).toEqual({
      port: 3000,
      host: "0.0.0.0",
      dist: "dist",
      redis: undefined,
      workers: 1,
      trustProxy: undefined,
    });
    expect(
      parseServeArgs([], {
        PORT: "8080",
        HOST: "127.0.0.1",
        LIVEVIEW_REDIS_URL: "redis://r:6379",
      }),
    ).toMatchObject({ port: 8080, host: "127.0.0.1", redis: "redis://r:6379" });
    expect(
      parseServeArgs(["--port", "9000", "--redis", "redis://x"], {
        PORT: "8080",
      }),
    ).toMatchObject({ port: 9000, redis: "redis://x" });
  });

  it("refuses more than one worker without Redis, and bad numbers", () => {
    expect(() => assertWorkersHaveRedis(2, undefined)).toThrow(
      /--workers 2 needs Redis/,
    );
    expect(() => assertWorkersHaveRedis(2, "redis://x")).not.toThrow();
    expect(
      parseServeArgs(["--trust-proxy"], { LIVEVIEW_TRUST_PROXY: "0" }),
    ).toMatchObject({ trustProxy: true });
    expect(parseServeArgs([], { LIVEVIEW_TRUST_PROXY: "1" })).toMatchObject({
      trustProxy: true,
    });
    expect(() => parseServeArgs(["--port", "abc"], {})).toThrow(
      /--port must be a whole number/,
    );
    expect(() => parseServeArgs(["--nope"], {})).toThrow();
    expect(
      parseServeArgs(["--workers", "2", "--redis", "redis://x"], {}),
    ).toMatchObject({ workers: 2 });
  });
});
