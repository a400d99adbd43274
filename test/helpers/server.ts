import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LiveViewServer } from "../../src/index.ts";
import { createServerCore, type CoreOptions } from "../../src/internal.ts";
import { createRegistry, type ModuleRegistry } from "../../src/registry.ts";
import {
  connectTestClient,
  type TestClient,
  type TestClientOptions,
} from "../../src/testing/index.ts";

export interface RunningServer {
  liveview: LiveViewServer;
  registry: ModuleRegistry;
  http: Server;
  port: number;
  url(room?: string): string;
  connect(room?: string, options?: TestClientOptions): Promise<TestClient>;
  close(): Promise<void>;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A real HTTP server on port 0 with the LiveView endpoint and its own registry. */
export async function startServer(
  options: CoreOptions = {},
): Promise<RunningServer> {
  const registry = options.registry ?? createRegistry();
  const http = createServer((_request, response) => response.end("ok"));
  const liveview = createServerCore({
    logger: silent,
    ...options,
    registry,
  });
  liveview.attach(http, { exclusive: true });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  const clients: TestClient[] = [];
  const url = (room = "room-1") =>
    `ws://127.0.0.1:${port}${liveview.path}${room}/`;
  return {
    liveview,
    registry,
    http,
    port,
    url,
    async connect(room, clientOptions) {
      const client = await connectTestClient(url(room), clientOptions);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()));
      await liveview.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** Sends one message the way the browser client does. */
export function message(
  fn: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    function: fn,
    data: {},
    form: {},
    lang: "en",
    room: "room-1",
    ...extra,
  };
}
