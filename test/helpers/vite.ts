import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createLogger,
  createServer,
  type InlineConfig,
  type Logger,
  type ViteDevServer,
} from "vite";
import liveview, { type LiveViewPluginOptions } from "../../plugin/index.ts";
import { signedRoom, TEST_SECRET } from "./rooms.ts";

export const FIXTURE_APP = join(import.meta.dirname, "..", "fixtures", "app");
/** An app with a server entry (liveview.server.ts) and a .env file. */
export const ENTRY_APP = join(
  import.meta.dirname,
  "..",
  "fixtures",
  "entry-app",
);

/**
 * A copy of a fixture project in a temp folder, so tests can edit its files freely. With
 * `linkNodeModules`, the copy finds the packages the repository has installed (the playground
 * imports valibot), at build time and when `liveview serve` imports its bundle.
 */
export function copyFixture(
  from = FIXTURE_APP,
  { linkNodeModules = false } = {},
): {
  root: string;
  remove(): void;
} {
  const root = mkdtempSync(join(tmpdir(), "liveview-app-"));
  cpSync(from, root, { recursive: true });
  if (linkNodeModules) {
    const repoModules = join(import.meta.dirname, "..", "..", "node_modules");
    symlinkSync(repoModules, join(root, "node_modules"), "dir");
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A Vite logger that keeps every line, so tests can read what a user would see. */
export function createRecordingLogger(): Logger & { lines: string[] } {
  const base = createLogger("silent");
  const lines: string[] = [];
  const record = (msg: string) =>
    void lines.push(msg.replace(/\u001b\[[0-9;]*m/g, ""));
  return {
    ...base,
    lines,
    info: record,
    warn: record,
    warnOnce: record,
    error: record,
  };
}

export interface DevServer {
  server: ViteDevServer;
  /** Everything Vite and the plugin logged. */
  logs: string[];
  port: number;
  /** `ws://127.0.0.1:<port>/ws/liveview/<signed room>/` */
  socketUrl(room?: string): string;
  httpUrl(path?: string): string;
  close(): Promise<void>;
}

/** A real Vite dev server on a free port with the plugin, like `vite` in a user's project. */
export async function startDevServer(
  root: string,
  pluginOptions: LiveViewPluginOptions = {},
  extra: InlineConfig = {},
): Promise<DevServer> {
  const logger = createRecordingLogger();
  // A known secret, so tests can sign the rooms they connect to (roomSecret: false turns it off).
  const options = { roomSecret: TEST_SECRET, ...pluginOptions };
  const secret = options.roomSecret;
  const server = await createServer({
    root,
    configFile: false,
    customLogger: logger,
    plugins: [liveview(options)],
    server: { port: 0, host: "127.0.0.1", ...extra.server },
    ...extra,
  });
  await server.listen();
  const port = (server.httpServer!.address() as AddressInfo).port;
  return {
    server,
    logs: logger.lines,
    port,
    socketUrl: (room = "room-1") =>
      `ws://127.0.0.1:${port}${pluginOptions.path ?? "/ws/liveview/"}${secret ? signedRoom(room, secret) : room}/`,
    httpUrl: (path = "/") => `http://127.0.0.1:${port}${path}`,
    close: () => server.close(),
  };
}
