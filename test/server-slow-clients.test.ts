import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { broadcast } from "../src/index.ts";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { waitFor } from "./helpers/wait.ts";

describe("pages that stop answering", () => {
  let server: RunningServer;
  afterEach(() => server.close());

  it("closes a page that stopped reading once too much piles up, and keeps serving the others", async () => {
    server = await startServer({ maxBufferedBytes: 256 * 1024 });
    const stuck = await server.connect();
    const reader = await server.connect();
    let received = 0;
    reader.socket.on("message", () => received++);
    // The stuck page's socket stops reading: data piles up in the kernel, then in the server.
    stuck.socket.pause();
    const html = "x".repeat(16 * 1024);
    for (let i = 0; i < 4000 && server.liveview.clientCount === 2; i++) {
      await broadcast({ target: "#t", html });
      // Lets the sockets write and the reader read between broadcasts, as a real flow of
      // broadcasts would: in bursts, a reading page could also pile up past the limit where
      // the kernel's send buffers start small (16 KB), and be cut with the stuck one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => (server.liveview.clientCount === 1 ? true : undefined));
    await waitFor(() => (received > 0 ? true : undefined));
    expect(reader.socket.readyState).toBe(WebSocket.OPEN);
    stuck.socket.terminate();
  });

  it("drops a page that stops answering pings, and keeps one that answers", async () => {
    server = await startServer({ heartbeatMs: 50 });
    const silent = new WebSocket(server.url(), { autoPong: false });
    await new Promise((resolve) => silent.once("open", resolve));
    const alive = await server.connect();
    const code = await new Promise<number>((resolve) =>
      silent.once("close", resolve),
    );
    expect(code).toBe(1006);
    // The answering page stays through several more rounds of pings.
    let pings = 0;
    alive.socket.on("ping", () => pings++);
    await waitFor(() => (pings >= 3 ? true : undefined));
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
    expect(server.liveview.clientCount).toBe(1);
  });
});

describe("shutting down", () => {
  it("closes with 1001 and does not wait on a client that never answers the close handshake", async () => {
    const server = await startServer();
    const polite = await server.connect();
    const deaf = await server.connect();
    // This client's socket stops reading, so it never answers the close frame.
    deaf.socket.pause();
    // Without the cut-off the deaf client would stay connected until ws's own 30 s close timeout.
    await server.liveview.close();
    expect(await polite.closed()).toBe(1001);
    expect(server.liveview.clientCount).toBe(0);
    deaf.socket.terminate();
    await server.close();
  });
});
