import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createRoomToken, send } from "../src/index.ts";
import { connectTestClient } from "../src/testing/index.ts";
import { message, startServer, type RunningServer } from "./helpers/server.ts";

function upgradeStatus(
  url: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("open", () => {
      resolve(101);
      socket.close();
    });
    socket.on("error", (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe("upgrades", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("accepts a same-origin browser and refuses another origin with 403", async () => {
    server = await startServer();
    const host = `127.0.0.1:${server.port}`;
    expect(
      await upgradeStatus(server.url(), { Origin: `http://${host}` }),
    ).toBe(101);
    expect(
      await upgradeStatus(server.url(), { Origin: "http://evil.example" }),
    ).toBe(403);
    expect(
      await upgradeStatus(server.url(), {
        Origin: `http://127.0.0.1:${server.port + 1}`,
      }),
    ).toBe(403);
    expect(await upgradeStatus(server.url(), { Origin: "null" })).toBe(403);
  });

  it("reads X-Forwarded-* only with trustProxy, taking the value the nearest proxy wrote", async () => {
    const proxied = {
      Origin: "https://app.example.com",
      "X-Forwarded-Host": "app.example.com",
      "X-Forwarded-Proto": "https",
      "X-Forwarded-For": "6.6.6.6, 203.0.113.7",
    };
    server = await startServer();
    expect(await upgradeStatus(server.url(), proxied)).toBe(403);
    await server.close();
    server = await startServer({ trustProxy: true });
    expect(await upgradeStatus(server.url(), proxied)).toBe(101);
    server.registry.register("where")((consumer) =>
      send(consumer, { html: consumer.scope.address }),
    );
    const client = await server.connect("room-1", { headers: proxied });
    client.sendJson(message("where", { id: 1 }));
    expect(await client.receiveJson()).toEqual({ html: "203.0.113.7" });
  });

  it("accepts an origin listed in allowedOrigins", async () => {
    server = await startServer({ allowedOrigins: ["https://app.example.com"] });
    expect(
      await upgradeStatus(server.url(), { Origin: "https://app.example.com" }),
    ).toBe(101);
    expect(
      await upgradeStatus(server.url(), {
        Origin: "https://app.example.com:444",
      }),
    ).toBe(403);
  });

  it("answers 404 on other paths when it owns the HTTP server, and 400 to a bad room", async () => {
    server = await startServer();
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/elsewhere/`),
    ).toBe(404);
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/ws/liveview/`),
    ).toBe(400);
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/ws/liveview/a%20b/`),
    ).toBe(400);
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/ws/liveview/a/b/`),
    ).toBe(400);
  });

  it("serves a custom path", async () => {
    server = await startServer({ path: "/live" });
    expect(server.url("r")).toContain("/live/r/");
    server.registry.register("ping")((consumer) =>
      send(consumer, { script: "1" }),
    );
    const client = await server.connect("r");
    client.sendJson(message("ping"));
    expect(await client.receiveJson()).toEqual({ script: "1" });
  });

  it("gives handlers the scope: headers, cookies, path, query, and what authenticate returned", async () => {
    server = await startServer({
      authenticate: (request) =>
        request.headers.cookie?.includes("session=abc")
          ? { user: { name: "ana" }, session: { id: "abc" } }
          : false,
    });
    let seen: unknown;
    server.registry.register("whoami")((consumer, content) => {
      seen = {
        scope: consumer.scope,
        room: consumer.room,
        contentRoom: content.room,
        id: typeof consumer.id,
      };
    });
    expect(await upgradeStatus(server.url())).toBe(401);
    const client = await connectTestClient(`${server.url("room-7")}?tab=2`, {
      headers: { Cookie: "session=abc; theme=dark%20blue", "X-Custom": "yes" },
    });
    client.sendJson(message("whoami", { room: "room-7", id: 1 }));
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    expect(seen).toMatchObject({
      room: "room-7",
      contentRoom: "room-7",
      id: "string",
      scope: {
        cookies: { session: "abc", theme: "dark blue" },
        headers: { "x-custom": "yes" },
        path: "/ws/liveview/room-7/",
        query: { tab: "2" },
        user: { name: "ana" },
        session: { id: "abc" },
      },
    });
    await client.close();
  });

  it("refuses an unsigned or forged room with LV_ERR_FORBIDDEN and close 4403 when roomSecret is set", async () => {
    server = await startServer({ roomSecret: "s3cret" });
    server.registry.register("ping")((consumer, content) =>
      send(consumer, { html: content.room }),
    );
    for (const room of [
      "plain-room",
      `plain-room~${"A".repeat(43)}`,
      createRoomToken("other-secret", "r1"),
    ]) {
      const client = await connectTestClient(server.url(room));
      expect(await client.receiveJson()).toMatchObject({
        code: "LV_ERR_FORBIDDEN",
      });
      expect(await client.closed()).toBe(4403);
    }
    const token = createRoomToken("s3cret", "r1");
    const client = await connectTestClient(server.url(token));
    // content.room is the name inside the token, whatever room the message claims.
    client.sendJson(message("ping", { room: "someone-elses-room", id: 1 }));
    expect(await client.receiveJson()).toEqual({ html: "r1" });
    await client.close();
  });
});
