/**
 * The server entry (liveview.server.ts) and the plugin's data options behave the same under
 * `vite dev`, `vite preview` and `liveview serve`: one suite, run against each.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestClient, type TestClient } from "../src/testing/index.ts";
import { appModes, type AppServer } from "./helpers/modes.ts";
import { copyFixture, ENTRY_APP } from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";
import { signedRoom, TEST_SECRET } from "./helpers/rooms.ts";

/** Data options in vite.config: each must apply in every mode. */
const OPTIONS = {
  roomSecret: TEST_SECRET,
  maxMessageBytes: 300,
  messageLimits: { maxKeys: 10 },
  allowedOrigins: ["http://allowed.example"],
  // Small enough for one test to go over it with a few kilobytes (every client is 127.0.0.1).
  addressLimit: { burstBytes: 4000, bytesPerSecond: 4000 },
};

let app: ReturnType<typeof copyFixture>;
// The .env of the working directory is the one liveview serve reads.
const modes = appModes(() => app.root, OPTIONS, { DATABASE_URL: undefined });

beforeAll(() => {
  app = copyFixture(ENTRY_APP);
  delete process.env.DATABASE_URL;
});
afterAll(() => {
  delete process.env.DATABASE_URL;
  app?.remove();
});

for (const [mode, start] of Object.entries(modes)) {
  describe(`the server entry under ${mode}`, () => {
    let server: AppServer;
    const clients: TestClient[] = [];
    const socketUrl = (room = "room-1") =>
      `${server.origin.replace("http", "ws")}/ws/liveview/${signedRoom(room)}/`;
    const connect = async (cookie?: string, origin?: string) => {
      const client = await connectTestClient(socketUrl(), {
        ...(cookie ? { headers: { cookie } } : {}),
        ...(origin ? { origin } : {}),
      });
      clients.push(client);
      return client;
    };
    let nextId = 1;
    const call = async (
      client: TestClient,
      fn: string,
      form: Record<string, string> = {},
    ) => {
      const id = nextId++;
      client.sendJson({ function: fn, form, data: {}, id });
      return client.receiveJson<Record<string, unknown>>();
    };

    beforeAll(async () => {
      server = await start();
    }, 120_000);
    afterAll(async () => {
      await Promise.all(clients.map((client) => client.close()));
      await server?.stop();
    });

    it("runs start() once before traffic, and handlers and routes see .env values", async () => {
      const env = await fetch(`${server.origin}/api/env`);
      expect(await env.json()).toEqual({ url: "postgres://from-dotenv/app" });
      expect(server.logs().match(/entry started v1/g)).toHaveLength(1);
      const client = await connect();
      expect(await call(client, "database_url")).toMatchObject({
        html: "postgres://from-dotenv/app",
      });
    });

    it("sets an HttpOnly cookie from a login route, and authenticate reads it on the socket", async () => {
      const login = await fetch(`${server.origin}/login?name=ana`, {
        method: "POST",
        redirect: "manual",
      });
      expect(login.status).toBe(303);
      const cookie = login.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(/^user=ana;.*HttpOnly/);
      const client = await connect(cookie.split(";")[0]);
      expect(await call(client, "whoami")).toMatchObject({
        html: expect.stringMatching(/^ana \d+$/),
      });
    });

    it("refuses a socket authenticate says false to with 401, and answers 500 when it throws", async () => {
      await expect(connect("user=banned")).rejects.toThrow(/401/);
      await expect(connect("user=boom")).rejects.toThrow(/500/);
      const client = await connect("user=eve");
      expect(await call(client, "whoami")).toMatchObject({
        html: expect.stringMatching(/^eve /),
      });
    });

    it("closes every socket of a user with 4401 at logout, and no one else's", async () => {
      const first = await connect("user=bob");
      const second = await connect("user=bob");
      const other = await connect("user=carol");
      const logout = await fetch(`${server.origin}/logout`, {
        method: "POST",
        headers: { cookie: "user=bob" },
        redirect: "manual",
      });
      expect(logout.status).toBe(303);
      expect(await first.closed()).toBe(4401);
      expect(await second.closed()).toBe(4401);
      expect(await call(other, "whoami")).toMatchObject({
        html: expect.stringMatching(/^carol /),
      });
    });

    it("answers 500 when a route throws, and keeps serving", async () => {
      expect((await fetch(`${server.origin}/api/fail`)).status).toBe(500);
      expect((await fetch(`${server.origin}/api/version`)).status).toBe(200);
    });

    it("applies the data options of vite.config: maxMessageBytes, messageLimits and allowedOrigins", async () => {
      const client = await connect();
      const many = Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => [`f${i}`, "x"]),
      );
      expect(await call(client, "echo", many)).toMatchObject({
        code: "LV_ERR_BAD_MESSAGE",
      });
      expect(
        await call(client, "echo", { text: "x".repeat(400) }),
      ).toMatchObject({ code: "LV_ERR_TOO_LARGE" });
      expect(await call(client, "echo", { text: "short" })).toMatchObject({
        html: "short",
      });
      await connect(undefined, "http://allowed.example");
      await expect(connect(undefined, "http://evil.example")).rejects.toThrow(
        /403/,
      );
    });

    it("applies addressLimit: sockets of one address over its byte budget are read again in turn", async () => {
      const a = await connect();
      const b = await connect();
      const big = (size: number) => ({ text: "x".repeat(size) });
      // a: 3 kB counted (and refused as too large), then 3 kB over the budget: a waits 750 ms.
      expect(await call(a, "echo", big(3000))).toMatchObject({
        code: "LV_ERR_TOO_LARGE",
      });
      expect(await call(a, "echo", big(3000))).toMatchObject({
        code: "LV_ERR_RATE_LIMITED",
      });
      const answered: string[] = [];
      const aEcho = call(a, "echo", { text: "a" }).then((frame) => {
        answered.push("a");
        return frame;
      });
      // b goes over with 1.2 kB: alone it would wait 300 ms, so before a; its turn is after a's.
      expect(await call(b, "echo", big(1200))).toMatchObject({
        code: "LV_ERR_RATE_LIMITED",
      });
      const bEcho = call(b, "echo", { text: "b" }).then((frame) => {
        answered.push("b");
        return frame;
      });
      expect(await aEcho).toMatchObject({ html: "a" });
      expect(await bEcho).toMatchObject({ html: "b" });
      expect(answered).toEqual(["a", "b"]);
    });

    it("runs the teardown start() returned when the server stops", async () => {
      await server.stop();
      await waitFor(() =>
        /entry stopped v1/.test(server.logs()) ? true : undefined,
      );
      server = await start();
    }, 60_000);
  });
}
