import { readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, normalize, sep } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { contentTypeOf, isCompressible } from "./content-types.ts";

interface StaticFile {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Compressed variants, made on first request and kept: built files never change. */
  encoded: Map<"br" | "gzip", Buffer>;
}

export interface StaticFilesOptions {
  /** Rewrites each HTML page before it is sent (e.g. to give it a signed room). */
  transformHtml?: (html: string) => string;
}

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";
const MIN_COMPRESS_BYTES = 1024;

function pickEncoding(request: IncomingMessage): "br" | "gzip" | undefined {
  const accepted = String(request.headers["accept-encoding"] ?? "");
  if (/\bbr\b/.test(accepted)) return "br";
  if (/\bgzip\b/.test(accepted)) return "gzip";
  return undefined;
}

/**
 * Serves a `vite build` output folder: correct content types, a year of caching for hashed
 * assets (their names change with their content), revalidation for everything else, gzip or
 * brotli when the client accepts it, and index.html for history URLs (client-side navigation).
 */
export function createStaticFiles(
  root: string,
  options: StaticFilesOptions = {},
) {
  const cache = new Map<string, StaticFile | null>();

  function load(relativePath: string): StaticFile | null {
    if (cache.has(relativePath)) return cache.get(relativePath)!;
    const file = join(root, relativePath);
    let entry: StaticFile | null = null;
    try {
      const stats = statSync(file);
      if (stats.isFile()) {
        entry = {
          body: readFileSync(file),
          contentType: contentTypeOf(file),
          etag: `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`,
          encoded: new Map(),
        };
      }
    } catch {
      entry = null;
    }
    cache.set(relativePath, entry);
    return entry;
  }

  /** The file for a URL path, or undefined when it escapes the root or does not exist. */
  function resolve(
    pathname: string,
  ): { path: string; file: StaticFile } | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    if (decoded.includes("\0")) return undefined;
    const relativePath = normalize(decoded).replace(/^([/\\])+/, "");
    if (relativePath.split(sep).includes("..")) return undefined;
    const candidates =
      relativePath === "" || relativePath.endsWith(sep)
        ? [join(relativePath, "index.html")]
        : [
            relativePath,
            `${relativePath}.html`,
            join(relativePath, "index.html"),
          ];
    for (const candidate of candidates) {
      const file = load(candidate);
      if (file) return { path: candidate, file };
    }
    return undefined;
  }

  /** The index.html of the closest folder up the path: each page of a multi-page app keeps its own history URLs. */
  function nearestPage(
    pathname: string,
  ): { path: string; file: StaticFile } | undefined {
    const parts = pathname.split("/").filter(Boolean);
    for (let depth = parts.length; depth >= 0; depth--) {
      const found = resolve(
        `/${parts.slice(0, depth).join("/")}/index.html`.replace(/^\/\//, "/"),
      );
      if (found) return found;
    }
    return undefined;
  }

  function wantsPage(request: IncomingMessage, pathname: string): boolean {
    return (
      !/\.[a-z0-9]+$/i.test(pathname) &&
      String(request.headers.accept ?? "").includes("text/html")
    );
  }

  function send(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    file: StaticFile,
  ): void {
    const isHtml = file.contentType.startsWith("text/html");
    const hashed = path.startsWith(`assets${sep}`);
    response.setHeader("Content-Type", file.contentType);
    response.setHeader("Cache-Control", hashed ? IMMUTABLE : REVALIDATE);
    response.setHeader("Vary", "Accept-Encoding");
    let body = file.body;
    if (isHtml && options.transformHtml) {
      body = Buffer.from(options.transformHtml(body.toString("utf8")));
    } else {
      response.setHeader("ETag", file.etag);
      if (request.headers["if-none-match"] === file.etag) {
        response.statusCode = 304;
        response.end();
        return;
      }
    }
    const encoding =
      isCompressible(file.contentType) && body.length >= MIN_COMPRESS_BYTES
        ? pickEncoding(request)
        : undefined;
    if (encoding) {
      let encoded = body === file.body ? file.encoded.get(encoding) : undefined;
      if (!encoded) {
        encoded = encoding === "br" ? brotliCompressSync(body) : gzipSync(body);
        if (body === file.body) file.encoded.set(encoding, encoded);
      }
      response.setHeader("Content-Encoding", encoding);
      body = encoded;
    }
    response.setHeader("Content-Length", body.length);
    response.end(request.method === "HEAD" ? undefined : body);
  }

  /** Answers the request and returns true, or returns false when no file matches. */
  return function serveStatic(
    request: IncomingMessage,
    response: ServerResponse,
  ): boolean {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    const found =
      resolve(pathname) ??
      (wantsPage(request, pathname) ? nearestPage(pathname) : undefined);
    if (!found) return false;
    send(request, response, found.path, found.file);
    return true;
  };
}
