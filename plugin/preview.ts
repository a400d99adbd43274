import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PreviewServer } from "vite";
import type { LiveViewServerOptions } from "../src/index.ts";
import { SERVER_ENTRY } from "./build.ts";

/** What the build records for the server bundle (functions such as authenticate cannot travel). */
export interface BuildManifest {
  path?: string;
  templates: string;
  locales: string;
  defaultLanguage?: string;
  files: string[];
}

export const MANIFEST_FILE = "liveview.json";

/** The server bundle's exports that `vite preview` and `liveview serve` use. */
export interface ServerBundle {
  files: string[];
  createLiveViewServer: typeof import("../src/index.ts").createLiveViewServer;
}

export async function loadServerBundle(serverDir: string): Promise<{ bundle: ServerBundle; manifest: BuildManifest }> {
  const entry = join(serverDir, `${SERVER_ENTRY}.mjs`);
  if (!existsSync(entry)) {
    throw new Error(`No LiveView server bundle at ${entry}. Run \`vite build\` first.`);
  }
  const manifestFile = join(serverDir, MANIFEST_FILE);
  const manifest: BuildManifest = existsSync(manifestFile)
    ? (JSON.parse(readFileSync(manifestFile, "utf8")) as BuildManifest)
    : { templates: "templates", locales: "locales", files: [] };
  const bundle = (await import(pathToFileURL(entry).href)) as ServerBundle;
  return { bundle, manifest };
}

/** `vite preview`: the built handlers behind the same endpoint as in dev. */
export async function startPreviewEndpoint(
  server: PreviewServer,
  serverDir: string,
  serverOptions: LiveViewServerOptions,
): Promise<void> {
  const { bundle, manifest } = await loadServerBundle(serverDir);
  const liveview = bundle.createLiveViewServer({
    ...serverOptions,
    templates: join(serverDir, manifest.templates),
    locales: join(serverDir, manifest.locales),
  });
  const detach = liveview.attach(server.httpServer);
  server.httpServer.once("close", () => {
    detach();
    void liveview.close();
  });
}
