import { readdirSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import sirv from "sirv";
import { createPages, type PagesOptions } from "./pages.ts";

export interface StaticFilesOptions extends PagesOptions {
  /** Folder of hashed assets (Vite's `build.assetsDir`): cached for a year. @default "assets" */
  assetsDir?: string;
}

export type NextFunction = (error?: unknown) => void;

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

/** Every file under root, as `a/b.js` paths; dotfiles and dot-folders are left out. */
export function listFiles(root: string): string[] {
  const all = readdirSync(root, { recursive: true, withFileTypes: true });
  return all
    .filter((entry) => entry.isFile())
    .map((entry) =>
      `${entry.parentPath}/${entry.name}`
        .slice(root.length + 1)
        .replaceAll("\\", "/"),
    )
    .filter((path) => !path.split("/").some((part) => part.startsWith(".")));
}

/**
 * Serves a `vite build` output folder: pages through createPages (a signed room per load, the
 * nearest index.html for history URLs), every other file through sirv, the static server Vite's
 * own preview uses: streamed, with Range, ETag/304, the .br/.gz files the build wrote, no
 * dotfiles, and memory that depends on the files on disk, never on the URLs asked for.
 */
export function createStaticFiles(
  root: string,
  options: StaticFilesOptions = {},
): (
  request: IncomingMessage,
  response: ServerResponse,
  next: NextFunction,
) => void {
  const assets = `/${options.assetsDir ?? "assets"}/`;
  const files = listFiles(root);
  const pages = createPages(root, files, options);
  const assetFiles = sirv(root, {
    dev: false,
    etag: true,
    gzip: true,
    brotli: true,
    dotfiles: false,
    extensions: [],
    setHeaders(response, pathname) {
      response.setHeader(
        "Cache-Control",
        pathname.startsWith(assets) ? IMMUTABLE : REVALIDATE,
      );
      response.setHeader("X-Content-Type-Options", "nosniff");
    },
  });
  return function serveStatic(request, response, next) {
    if (request.method !== "GET" && request.method !== "HEAD") return next();
    const page = pages.find(request);
    if (page) {
      pages.send(request, response, page).catch(next);
      return;
    }
    assetFiles(request, response, () => {
      const fallback = pages.findFallback(request);
      if (fallback) pages.send(request, response, fallback).catch(next);
      else next();
    });
  };
}
