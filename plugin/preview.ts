import type { PreviewServer } from "vite";
import {
  createStaticFiles,
  injectRoomToken,
  loadServerBundle,
  type LiveViewServerOptions,
} from "../src/index.ts";

/** `vite preview`: the built handlers behind the same endpoint as in dev. */
export async function startPreviewEndpoint(
  server: PreviewServer,
  clientDir: string,
  serverDir: string,
  serverOptions: LiveViewServerOptions,
): Promise<void> {
  const secret = serverOptions.roomSecret;
  if (secret) {
    // Built pages are static; with signed rooms each page load needs its own token.
    const pages = createStaticFiles(clientDir, {
      transformHtml: (html) => injectRoomToken(html, secret),
    });
    server.middlewares.use((request, response, next) => {
      const wantsHtml = String(request.headers.accept ?? "").includes(
        "text/html",
      );
      if (!wantsHtml || !pages(request, response)) next();
    });
  }
  const { bundle, templates, locales } = await loadServerBundle(serverDir);
  const liveview = bundle.createLiveViewServer({
    ...serverOptions,
    templates,
    locales,
  });
  const detach = liveview.attach(server.httpServer);
  server.httpServer.once("close", () => {
    detach();
    void liveview.close();
  });
}
