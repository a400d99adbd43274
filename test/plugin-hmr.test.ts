import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { connectTestClient, type TestClient } from "../src/testing/index.ts";
import { copyFixture, startDevServer, type DevServer } from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";

const handlerFile = (name: string, reply: string) => `
import { liveviewHandler, send } from "vite-plugin-liveview/server";
liveviewHandler(${JSON.stringify(name)}, (consumer) => {
  send(consumer, { target: "#out", html: ${JSON.stringify(reply)} });
});
`;

/** A file with lifecycle hooks: every page joins "hmr" and is greeted; "poke" answers in it. */
const hooksFile = (version: string) => `
import {
  join,
  liveviewEvent,
  liveviewHandler,
  onConnect,
  publish,
  send,
} from "vite-plugin-liveview/server";
onConnect((consumer) => {
  join(consumer, "hmr");
  send(consumer, { target: "#hello", html: ${JSON.stringify(version)} });
});
liveviewEvent("poke", (consumer) => {
  send(consumer, { target: "#poke", html: ${JSON.stringify(version)} });
});
liveviewHandler("poke_all", () => publish("hmr", "poke"));
liveviewHandler("hooks_version", (consumer) => {
  send(consumer, { target: "#version", html: ${JSON.stringify(version)} });
});
`;

let nextId = 1;

/** Calls fn and returns the first frame (the fragment or the error), draining its ack. */
async function call(
  client: TestClient,
  fn: string,
): Promise<Record<string, unknown>> {
  const id = nextId++;
  client.sendJson({
    function: fn,
    data: {},
    form: {},
    lang: "en",
    room: "room-1",
    id,
  });
  const first = await client.receiveJson();
  if ("error" in first) return first;
  expect(await client.receiveJson()).toEqual({ ack: id });
  return first;
}

describe("server-side HMR", () => {
  let app: ReturnType<typeof copyFixture>;
  let dev: DevServer;
  let client: TestClient;

  beforeEach(async () => {
    app = copyFixture();
    writeFileSync(
      join(app.root, "liveview_components", "counter.ts"),
      handlerFile("counter", "v1"),
    );
    dev = await startDevServer(app.root);
    client = await connectTestClient(dev.socketUrl());
    // The first answer means the handler files have been loaded once.
    expect(await call(client, "counter")).toMatchObject({ html: "v1" });
  });
  afterEach(async () => {
    await client.close();
    await dev.close();
    app.remove();
  });

  it("runs the edited handler on the same open socket", async () => {
    writeFileSync(
      join(app.root, "liveview_components", "counter.ts"),
      handlerFile("counter", "v2"),
    );
    await waitFor(
      async () =>
        (await call(client, "counter")).html === "v2" ? true : undefined,
      {
        what: "the edited handler",
      },
    );
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("drops handlers a file no longer defines and adds the ones it now defines", async () => {
    writeFileSync(
      join(app.root, "liveview_components", "counter.ts"),
      handlerFile("renamed", "r"),
    );
    await waitFor(async () =>
      (await call(client, "renamed")).html === "r" ? true : undefined,
    );
    expect(await call(client, "counter")).toMatchObject({
      code: "LV_ERR_UNKNOWN_HANDLER",
    });
  });

  it("makes a new file callable and forgets a deleted one", async () => {
    writeFileSync(
      join(app.root, "liveview_components", "extra.ts"),
      handlerFile("extra", "new"),
    );
    await waitFor(async () =>
      (await call(client, "extra")).html === "new" ? true : undefined,
    );
    rmSync(join(app.root, "liveview_components", "extra.ts"));
    await waitFor(async () =>
      (await call(client, "extra")).code === "LV_ERR_UNKNOWN_HANDLER"
        ? true
        : undefined,
    );
    expect(await call(client, "counter")).toMatchObject({ html: "v1" });
  });

  it("keeps the previous handlers answering while a file has a syntax error, then recovers", async () => {
    const file = join(app.root, "liveview_components", "counter.ts");
    writeFileSync(file, "export const = ;\n");
    // Until the broken file is reported, and after, every call still answers.
    const answers = new Set<unknown>();
    await waitFor(async () => {
      answers.add((await call(client, "counter")).html);
      answers.add((await call(client, "say_hello")).target);
      const reported = dev.logs.some((line) =>
        line.includes("A handler file failed to load"),
      );
      return reported ? true : undefined;
    });
    expect([...answers]).toEqual(["v1", "#greeting"]);
    expect(await call(client, "counter")).toMatchObject({ html: "v1" });
    // The watcher drops a second change of one file within 50 ms (chokidar's throttle), as
    // happens when the fix follows the break this fast: the fix is saved again until it shows.
    await waitFor(
      async () => {
        writeFileSync(file, handlerFile("counter", "fixed"));
        return (await call(client, "counter")).html === "fixed"
          ? true
          : undefined;
      },
      { intervalMs: 100 },
    );
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("refuses a name registered by two files, naming both, and keeps the first", async () => {
    writeFileSync(
      join(app.root, "liveview_components", "clash.ts"),
      handlerFile("counter", "clash"),
    );
    const message = await waitFor(() =>
      dev.logs.find((line) => line.includes("already registered")),
    );
    expect(message).toContain("liveview_components/counter.ts");
    expect(message).toContain("liveview_components/clash.ts");
    expect(await call(client, "counter")).toMatchObject({ html: "v1" });
  });

  it("swaps onConnect and liveviewEvent with their file: a new socket meets only the new hooks", async () => {
    const file = join(app.root, "liveview_components", "hooks.ts");
    /** Saves the file at `version` and waits until the open socket's calls run it. */
    const save = async (version: string) => {
      writeFileSync(file, hooksFile(version));
      await waitFor(async () =>
        (await call(client, "hooks_version")).html === version
          ? true
          : undefined,
      );
    };
    await save("v1");
    const first = await connectTestClient(dev.socketUrl());
    expect(await first.receiveJson()).toMatchObject({ html: "v1" });
    await save("v2");
    const second = await connectTestClient(dev.socketUrl());
    expect(await second.receiveJson()).toMatchObject({ html: "v2" });
    // The v1 hooks are gone: one greeting, and each member's event runs the v2 code once.
    second.sendJson({ function: "poke_all", id: "p" });
    const frames = [await second.receiveJson(), await second.receiveJson()];
    expect(frames).toContainEqual({ ack: "p" });
    expect(frames).toContainEqual({ target: "#poke", html: "v2" });
    expect(await first.receiveJson()).toEqual({ target: "#poke", html: "v2" });
    await Promise.all([first.close(), second.close()]);
  });
});
