// Server-rendered first paint in `vite dev`: the pages Vite's HTML middleware sends get their
// prerender regions rendered for the request on their way out.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Connect } from "vite";
import type { LiveViewServer } from "../src/index.ts";

type End = ServerResponse["end"];

function isHtmlPage(request: IncomingMessage): boolean {
  const path = (request.url ?? "").split("?")[0] ?? "";
  return (
    (request.method === "GET" || request.method === "HEAD") &&
    path.endsWith(".html")
  );
}

/**
 * Prerendering in `vite dev`. Pages come from Vite's own HTML middleware, through every
 * plugin's transformIndexHtml (Vite's client, ours, the room), and no hook of those sees the
 * request, whose cookies `authenticate` needs. So this middleware, placed right before Vite's
 * (after its html fallback named the page file), holds the finished page on its way out,
 * renders the regions for this request, and sends that instead, as preview and serve do.
 */
export function prerenderDevPages(
  liveview: Pick<LiveViewServer, "prerender">,
): Connect.NextHandleFunction {
  return (request, response, next) => {
    if (!isHtmlPage(request)) return next();
    const end = response.end;
    const passOn = (args: unknown[]): ServerResponse =>
      Reflect.apply(end, response, args) as ServerResponse;
    response.end = ((...args: unknown[]) => {
      response.end = end;
      const [chunk] = args;
      const type = String(response.getHeader("content-type") ?? "");
      if (
        (typeof chunk !== "string" && !Buffer.isBuffer(chunk)) ||
        response.statusCode !== 200 ||
        response.headersSent ||
        !type.startsWith("text/html")
      )
        return passOn(args);
      void liveview.prerender(String(chunk), request).then(
        (page) => {
          if (!page.prerendered) return passOn(args);
          // What this visitor may see: kept by no cache, and without the ETag of the page before.
          response.setHeader("Cache-Control", "private, no-store");
          response.removeHeader("Etag");
          if (response.hasHeader("Content-Length"))
            response.setHeader("Content-Length", Buffer.byteLength(page.html));
          return passOn([page.html]);
        },
        () => passOn(args),
      );
      return response;
    }) as End;
    next();
  };
}
