import type { PreviewServer } from "vite";
import { loadServerBundle, type LiveViewServerOptions } from "../src/index.ts";

/** `vite preview`: the built handlers behind the same endpoint as in dev. */
export async function startPreviewEndpoint(
  server: PreviewServer,
  serverDir: string,
  serverOptions: LiveViewServerOptions,
): Promise<void> {
  const { bundle, templates, locales } = await loadServerBundle(serverDir);
  const liveview = bundle.createLiveViewServer({ ...serverOptions, templates, locales });
  const detach = liveview.attach(server.httpServer);
  server.httpServer.once("close", () => {
    detach();
    void liveview.close();
  });
}
