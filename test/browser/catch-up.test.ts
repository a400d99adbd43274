/**
 * A page whose server is killed: what was published while it was away reaches it once it is
 * back, from the Redis history, each message once and in order.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPage } from "../helpers/browser.ts";
import { freePort } from "../helpers/process.ts";
import { startRedis, type TestRedis } from "../helpers/redis.ts";
import {
  buildApp,
  startServeReady,
  type ServeProcess,
} from "../helpers/serve.ts";
import { copyFixture } from "../helpers/vite.ts";
import { PLAYGROUND, poll, texts } from "./playground.ts";

describe("catching up after the server was killed, in Chromium", () => {
  let app: ReturnType<typeof copyFixture>;
  let redis: TestRedis;
  const running: ServeProcess[] = [];
  const serve = async (port: number) => {
    const process = await startServeReady(
      join(app.root, "dist"),
      ["--port", String(port), "--redis", redis.url],
      {},
      app.root,
    );
    running.push(process);
    return process;
  };

  beforeAll(async () => {
    app = copyFixture(PLAYGROUND, { linkNodeModules: true });
    await buildApp(app.root);
    redis = await startRedis();
  }, 180_000);
  afterAll(async () => {
    await Promise.all(running.map((process) => process.stop("SIGKILL")));
    await redis?.stop();
    app?.remove();
  });

  async function chat(port: number, name: string): Promise<Page> {
    const { page } = await openPage();
    // Come back soon after a loss, so the test does not sit out the 3 s default.
    await page.addInitScript(() => {
      (window as { webSocketConfig?: unknown }).webSocketConfig = {
        reconnect: { initialDelay: 100, factor: 1, maxAttempts: 100 },
      };
    });
    await page.goto(`http://127.0.0.1:${port}/examples/chat/`);
    await page.fill("#chat-name", name);
    await page.getByRole("button", { name: "Join the lobby" }).click();
    await poll(() => page.textContent("#chat-room")).toBe("#lobby");
    return page;
  }

  /** Sends a message and waits for its answer, which clears the input. */
  async function say(page: Page, text: string): Promise<void> {
    await page.fill("#chat-text", text);
    await page.keyboard.press("Enter");
    await poll(() => page.inputValue("#chat-text")).toBe("");
  }

  it("shows every message published while its server was down, once, in order", async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const a = await serve(portA);
    await serve(portB);
    const ada = await chat(portA, "Ada");
    const bob = await chat(portB, "Bob");
    await poll(() => texts(ada, "#chat-online li")).toEqual([
      "Ada (you)",
      "Bob",
    ]);
    await say(bob, "before");
    await poll(() => texts(ada, "#chat-messages li")).toEqual(["Bob: before"]);

    await a.stop("SIGKILL");
    await poll(() => ada.locator("#no-connection").isVisible()).toBe(true);
    for (const n of [1, 2, 3]) await say(bob, `missed ${n}`);
    await poll(() => texts(bob, "#chat-messages li")).toHaveLength(4);

    await serve(portA);
    await poll(() => texts(ada, "#chat-messages li")).toEqual([
      "Bob: before",
      "Bob: missed 1",
      "Bob: missed 2",
      "Bob: missed 3",
    ]);
    // Live again afterwards, and still once each.
    await say(bob, "after");
    await poll(() => texts(ada, "#chat-messages li")).toHaveLength(5);
    expect((await texts(ada, "#chat-messages li")).at(-1)).toBe("Bob: after");
  }, 60_000);
});
