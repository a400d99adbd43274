/** The server entry and the plugin's guards in `vite dev`: hot swaps, broken files, hosts. */
import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import liveview from "../plugin/index.ts";
import { connectTestClient, type TestClient } from "../src/testing/index.ts";
import { connectViteHmr } from "./helpers/hmr-client.ts";
import {
  copyFixture,
  ENTRY_APP,
  startDevServer,
  type DevServer,
} from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";

describe("the server entry under vite dev", () => {
  let app: ReturnType<typeof copyFixture>;
  let dev: DevServer;
  let entryFile: string;
  let original: string;
  const version = async () =>
    (
      (await (await fetch(dev.httpUrl("/api/version"))).json()) as {
        version: string;
      }
    ).version;
  /**
   * Saves the entry until `done` says the dev server saw it: the watcher drops a second change
   * of one file within 50 ms (chokidar's throttle), as happens when tests edit back to back.
   */
  const saveUntil = <T>(
    source: string,
    done: () => Promise<T | undefined> | T | undefined,
  ) =>
    waitFor(
      async () => {
        writeFileSync(entryFile, source);
        return done();
      },
      { intervalMs: 100 },
    );
  const saveEntry = (source: string, expected: string) =>
    saveUntil(source, async () =>
      (await version()) === expected ? true : undefined,
    );

  beforeAll(async () => {
    app = copyFixture(ENTRY_APP);
    entryFile = join(app.root, "liveview.server.ts");
    original = readFileSync(entryFile, "utf8");
    dev = await startDevServer(app.root);
  });
  afterAll(async () => {
    await dev?.close();
    app?.remove();
  });

  it("runs the old entry's teardown before the edited one starts, and keeps sockets open", async () => {
    const client = await connectTestClient(dev.socketUrl(), {
      headers: { cookie: "user=ana" },
    });
    expect(await version()).toBe("v1");
    await saveEntry(original.replace('VERSION = "v1"', 'VERSION = "v2"'), "v2");
    const logs = dev.logs.join("\n");
    const stopped = logs.indexOf("entry stopped v1");
    expect(stopped).toBeGreaterThan(-1);
    expect(logs.indexOf("entry started v2")).toBeGreaterThan(stopped);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    client.sendJson({ function: "whoami", id: 1 });
    expect(await client.receiveJson()).toMatchObject({
      html: expect.stringMatching(/^ana /),
    });
    await client.close();
  });

  it("shows a broken entry in the overlay and keeps the last good one serving", async () => {
    const hmr = await connectViteHmr(dev.port);
    await saveUntil("export default = ;\n", () =>
      hmr.payloads.some((payload) => payload.type === "error")
        ? true
        : undefined,
    );
    expect(await version()).toBe("v2");
    const client = await connectTestClient(dev.socketUrl(), {
      headers: { cookie: "user=ana" },
    });
    client.sendJson({ function: "whoami", id: 1 });
    expect(await client.receiveJson()).toMatchObject({
      html: expect.stringMatching(/^ana /),
    });
    await client.close();
    hmr.close();
    await saveEntry(original, "v1");
  });

  it("shows a start() that throws in the overlay and starts the last good entry again", async () => {
    const hmr = await connectViteHmr(dev.port);
    const failing = original
      .replace('VERSION = "v1"', 'VERSION = "v3"')
      .replace(
        "start({ logger }) {",
        'start({ logger }) {\n    throw new Error("the pool did not open");',
      );
    const overlay = await saveUntil(failing, () =>
      hmr.payloads.find(
        (payload) =>
          payload.type === "error" &&
          JSON.stringify(payload).includes("the pool did not open"),
      ),
    );
    expect(overlay).toBeDefined();
    await waitFor(() =>
      dev.logs.filter((line) => line.includes("entry started v1")).length >= 3
        ? true
        : undefined,
    );
    expect(await version()).toBe("v1");
    hmr.close();
  });
});

describe("the plugin's guards", () => {
  it("refuses a function among the options, pointing at the server entry", () => {
    const options = { authenticate: () => false } as Record<string, unknown>;
    expect(() => liveview(options)).toThrow(/liveview\.server\.ts/);
    expect(() => liveview({ path: "/ws/x/", heartbeatMs: 0 })).not.toThrow();
  });

  it("refuses sockets for a Host the dev server does not allow (DNS rebinding)", async () => {
    const app = copyFixture(ENTRY_APP);
    const dev = await startDevServer(app.root);
    try {
      const rebound = connectTestClient(dev.socketUrl(), {
        headers: { host: "evil.example" },
        origin: "http://evil.example",
      });
      await expect(rebound).rejects.toThrow(/403/);
      // The page itself is refused by Vite: the socket now is too.
      const page = await new Promise<number>((resolve, reject) =>
        request(dev.httpUrl("/"), { headers: { host: "evil.example" } }, (r) =>
          resolve(r.statusCode ?? 0),
        )
          .on("error", reject)
          .end(),
      );
      expect(page).toBe(403);
      const local: TestClient = await connectTestClient(dev.socketUrl());
      await local.close();
    } finally {
      await dev.close();
      app.remove();
    }
  });
});
