import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectTestClient } from "../src/testing/index.ts";
import { copyFixture, startDevServer, type DevServer } from "./helpers/vite.ts";

describe("vite dev", () => {
  let app: ReturnType<typeof copyFixture>;
  let dev: DevServer;

  beforeEach(async () => {
    app = copyFixture();
    dev = await startDevServer(app.root);
  });
  afterEach(async () => {
    await dev.close();
    app.remove();
  });

  it("answers say_hello with the rendered, escaped fragment and then an ack", async () => {
    const client = await connectTestClient(dev.socketUrl());
    client.sendJson({ function: "say_hello", form: { name: "<b>Ana</b>" }, data: {}, lang: "en", room: "room-1", id: 1 });
    expect(await client.receiveJson()).toEqual({
      target: "#greeting",
      html: '<div class="card"><p>Hello, &lt;b&gt;Ana&lt;/b&gt;!</p>\n</div>\n',
    });
    expect(await client.receiveJson()).toEqual({ ack: 1 });
    await client.close();
  });
});
