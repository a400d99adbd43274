/**
 * The playground's sign-in flow, and an upload through the built client's upload chunk, against
 * the built playground on `liveview serve --workers 2`.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noteSocketOpen, openPage, socketOpen } from "../helpers/browser.ts";
import { curl } from "../helpers/http.ts";
import { startRedis, type TestRedis } from "../helpers/redis.ts";
import {
  buildApp,
  startServeReady,
  type ServeProcess,
} from "../helpers/serve.ts";
import { copyFixture } from "../helpers/vite.ts";
import { PLAYGROUND, poll, text } from "./playground.ts";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe("Sign in on the built playground under liveview serve --workers 2 --redis", () => {
  let app: ReturnType<typeof copyFixture>;
  let redis: TestRedis;
  let serve: ServeProcess;

  beforeAll(async () => {
    app = copyFixture(PLAYGROUND, { linkNodeModules: true });
    await buildApp(app.root);
    redis = await startRedis();
    // The playground's .env (SESSION_SECRET) is read from the working directory.
    serve = await startServeReady(
      join(app.root, "dist"),
      ["--workers", "2", "--redis", redis.url],
      { SESSION_SECRET: undefined },
      app.root,
    );
  }, 180_000);
  afterAll(async () => {
    serve?.child.kill("SIGTERM");
    if (serve) expect(await serve.exited()).toBe(0);
    await redis?.stop();
    app?.remove();
  });

  it("signing out closes the session's tabs on both workers, and they reload to the sign-in page", async () => {
    const base = `http://127.0.0.1:${serve.port}`;
    const { context, page } = await openPage();
    await noteSocketOpen(context);
    try {
      await page.goto(`${base}/examples/account/`);
      await page.waitForURL(/\/examples\/login\/$/);
      await page.fill("#login-name", "Ada");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/examples\/account\/$/);
      await poll(() => text(page, "#account-name")).toBe("Ada");
      // More tabs of the same session until they are spread over both workers.
      const tabs = [page];
      const pids = new Set([await text(page, ".account-pid")]);
      while (pids.size < 2 && tabs.length < 8) {
        // The workers take connections in turn, and a tab opens the same number of them each
        // time, so its socket can keep landing on one worker: one more connection every other
        // tab changes that.
        if (tabs.length % 2 === 0) await curl(`${base}/healthz`);
        const tab = await context.newPage();
        await tab.goto(`${base}/examples/account/`);
        await poll(() => text(tab, "#account-name")).toBe("Ada");
        pids.add(await text(tab, ".account-pid"));
        tabs.push(tab);
      }
      expect(pids.size).toBe(2);
      // Sign-out closes the sockets it finds: each tab's must be open by then.
      for (const tab of tabs) await socketOpen(tab);
      await page.getByRole("button", { name: "Sign out" }).click();
      for (const tab of tabs) await tab.waitForURL(/\/examples\/login\/$/);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("uploads an avatar with the built client, whose upload code is a chunk of its own", async () => {
    const { context, page, console } = await openPage();
    try {
      const chunks: string[] = [];
      page.on("request", (request) => {
        if (request.url().endsWith(".js")) chunks.push(request.url());
      });
      const isUploadChunk = (url: string) => /\/uploads-[\w-]+\.js$/.test(url);
      // A page without uploads never asks for their code.
      // (goto waits for the load event, by which the client has looked for upload inputs.)
      await page.goto(`http://127.0.0.1:${serve.port}/`);
      expect(chunks.filter(isUploadChunk)).toEqual([]);
      await page.goto(`http://127.0.0.1:${serve.port}/examples/uploads/`);
      await page.setInputFiles("#avatar-input", {
        name: "me.png",
        mimeType: "image/png",
        buffer: PNG,
      });
      await page.getByRole("button", { name: "Upload avatar" }).click();
      await poll(() => text(page, "#avatar figcaption")).toBe(
        `me.png, ${PNG.length} bytes: kept.`,
      );
      expect(chunks.filter(isUploadChunk)).toHaveLength(1);
      expect(console).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
