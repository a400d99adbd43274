import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  brotliCompress,
  brotliCompressSync,
  constants,
  gzip,
  gzipSync,
} from "node:zlib";

/** A page rewritten for one request. */
export interface PageRewrite {
  html: string;
  /** The page shows content rendered for this request (prerendered regions): sent `no-store`. */
  noStore?: boolean;
}

export type TransformedHtml = string | PageRewrite | undefined;

export interface PagesOptions {
  /**
   * Rewrites each HTML page before it is sent: a signed room per page load, prerendered regions.
   * `undefined` sends the page as built (with its ETag, compressed once).
   */
  transformHtml?: (
    html: string,
    request: IncomingMessage,
  ) => TransformedHtml | Promise<TransformedHtml>;
}

export interface Pages {
  /** The page a URL names: `/a/` and `/a` are `a/index.html`, `/b` is `b.html`. */
  find(request: IncomingMessage): string | undefined;
  /** For a history URL (`/shop/cart/42`), the index.html of the closest folder that has one. */
  findFallback(request: IncomingMessage): string | undefined;
  send(
    request: IncomingMessage,
    response: ServerResponse,
    page: string,
  ): Promise<void>;
}

const MIN_COMPRESS_BYTES = 1024;
const compressBrotli = promisify(brotliCompress);
const compressGzip = promisify(gzip);

function pathnameOf(request: IncomingMessage): string | undefined {
  const raw = (request.url ?? "/").split("?")[0] ?? "/";
  try {
    return decodeURIComponent(raw).replace(/^\/+/, "");
  } catch {
    return undefined;
  }
}

function pickEncoding(request: IncomingMessage): "br" | "gzip" | undefined {
  const accepted = String(request.headers["accept-encoding"] ?? "");
  if (/\bbr\b/.test(accepted)) return "br";
  if (/\bgzip\b/.test(accepted)) return "gzip";
  return undefined;
}

/** Up to this size a page is compressed on the spot: faster than a trip to the thread pool. */
const SYNC_COMPRESS_BYTES = 64 * 1024;
const BROTLI_PARAMS = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };

/**
 * A page with a signed room differs on every load, so it is compressed per request. Measured
 * on a 6.5 KB page: brotli at quality 4 takes ~50 µs in place, while the asynchronous API costs
 * ~300 µs of setup on the same core; so small pages are compressed in place, and only large ones
 * go to the thread pool, where they cannot hold the event loop.
 */
function compress(body: Buffer, encoding: "br" | "gzip"): Promise<Buffer> {
  if (body.length <= SYNC_COMPRESS_BYTES) {
    return Promise.resolve(
      encoding === "br"
        ? brotliCompressSync(body, BROTLI_PARAMS)
        : gzipSync(body),
    );
  }
  return encoding === "br"
    ? compressBrotli(body, BROTLI_PARAMS)
    : compressGzip(body);
}

/**
 * The HTML pages of a build, looked up in the list of files made at start: what a URL can
 * match is bounded by the files on disk, so no request, however long or strange, makes the
 * server remember anything.
 */
export function createPages(
  root: string,
  files: readonly string[],
  options: PagesOptions,
): Pages {
  const pages = new Set(files.filter((file) => file.endsWith(".html")));
  const folders = new Set<string>();
  let deepest = 0;
  for (const page of pages) {
    if (!/(^|\/)index\.html$/.test(page)) continue;
    const folder = page.slice(0, -"index.html".length).replace(/\/$/, "");
    folders.add(folder);
    deepest = Math.max(deepest, folder ? folder.split("/").length : 0);
  }
  // Read once: a page's bytes, text, ETag and compressed forms, keyed by the (bounded) set of pages.
  const texts = new Map<
    string,
    {
      body: Buffer;
      text: string;
      etag: string;
      encoded: Map<string, Promise<Buffer>>;
    }
  >();

  async function load(page: string) {
    let loaded = texts.get(page);
    if (!loaded) {
      const body = await readFile(join(root, page));
      const hash = createHash("sha1").update(body).digest("base64url");
      const etag = `"${hash.slice(0, 16)}"`;
      loaded = { body, text: body.toString("utf8"), etag, encoded: new Map() };
      texts.set(page, loaded);
    }
    return loaded;
  }

  async function rewrite(
    request: IncomingMessage,
    text: string,
  ): Promise<PageRewrite | undefined> {
    const result = await options.transformHtml?.(text, request);
    return typeof result === "string" ? { html: result } : result;
  }

  return {
    find(request) {
      const path = pathnameOf(request);
      if (path === undefined) return undefined;
      const candidates =
        path === "" || path.endsWith("/")
          ? [`${path}index.html`]
          : [path, `${path}.html`, `${path}/index.html`];
      return candidates.find((candidate) => pages.has(candidate));
    },
    findFallback(request) {
      const accept = String(request.headers.accept ?? "");
      const path = pathnameOf(request);
      if (path === undefined || !accept.includes("text/html")) return undefined;
      const parts = path.split("/").filter(Boolean);
      if (/\.[a-z0-9]+$/i.test(parts.at(-1) ?? "")) return undefined;
      // No folder deeper than the deepest page can hold one: start there.
      for (let depth = Math.min(parts.length, deepest); depth >= 0; depth--) {
        const folder = parts.slice(0, depth).join("/");
        if (folders.has(folder))
          return folder ? `${folder}/index.html` : "index.html";
      }
      return undefined;
    },
    async send(request, response, page) {
      const { body: raw, text, etag, encoded } = await load(page);
      const rewritten = await rewrite(request, text);
      let body = raw;
      response.setHeader("Content-Type", "text/html; charset=utf-8");
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Vary", "Accept-Encoding");
      if (rewritten) {
        // Each load is its own page (its own signed room, what this visitor may see): no shared
        // cache may keep it, and a page rendered for this request is not kept at all.
        response.setHeader(
          "Cache-Control",
          rewritten.noStore ? "private, no-store" : "private, no-cache",
        );
        body = Buffer.from(rewritten.html);
      } else {
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", etag);
        if (request.headers["if-none-match"] === etag) {
          response.statusCode = 304;
          response.end();
          return;
        }
      }
      const encoding =
        body.length >= MIN_COMPRESS_BYTES ? pickEncoding(request) : undefined;
      if (encoding) {
        // A page sent as built is compressed once; a rewritten one on every request.
        let compressed = rewritten ? undefined : encoded.get(encoding);
        if (!compressed) {
          compressed = compress(body, encoding);
          if (!rewritten) encoded.set(encoding, compressed);
        }
        body = await compressed;
        response.setHeader("Content-Encoding", encoding);
      }
      response.setHeader("Content-Length", body.length);
      response.end(request.method === "HEAD" ? undefined : body);
    },
  };
}
