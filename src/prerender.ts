/**
 * Server-rendered first paint: when a page is requested, each `data-liveview-init` element that
 * also has `data-liveview-prerender` has its handler run for that request, and what the handler
 * sends is written into the HTML, so the browser shows it at first paint and does not ask again.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AuthResult } from "./auth.ts";
import { createRequestConsumer, createScope } from "./consumer.ts";
import type { DispatchDeps } from "./dispatch.ts";
import { observeDispatch } from "./observer.ts";
import type { ResolvedServerOptions } from "./options.ts";
import { verifyRoomToken } from "./room-token.ts";
import { mayHaveRegions } from "./page-attributes.ts";
import type { PageChange, PageDocument, PageRegion } from "./page-document.ts";
import type { ClientMessage, ErrorFrame } from "./protocol.ts";
import { readRequestInfo } from "./request-info.ts";
import { tracePrerender } from "./tracing.ts";
import type { Scope } from "./types.ts";

/** A page after its prerender regions ran. */
export interface PrerenderedPage {
  html: string;
  /**
   * True when at least one region was rendered for this request: the page shows what this
   * visitor may see, so no cache may keep it (`Cache-Control: private, no-store`).
   */
  prerendered: boolean;
}

export type Prerender = (
  html: string,
  request: IncomingMessage,
) => Promise<PrerenderedPage>;

const TIMED_OUT = Symbol("timed out");

/** One region's run: the changes its handler sent, or why it is left to the browser. */
type Run = { changes: PageChange[] } | { failure: string };

type PageDocumentModule = typeof import("./page-document.ts");

/** The URL the visitor asked for: connect's `originalUrl` survives rewrites (Vite's html fallback). */
function pageUrl(request: IncomingMessage): URL {
  const { originalUrl } = request as IncomingMessage & { originalUrl?: string };
  return new URL(originalUrl ?? request.url ?? "/", "http://localhost");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createPrerender(
  options: ResolvedServerOptions,
  deps: DispatchDeps,
): Prerender {
  const { logger } = options;
  // The HTML parser is loaded with the first page that has a region: a process without any
  // (or a worker that just started) does not pay for it.
  let pageDocument: Promise<PageDocumentModule> | undefined;
  // Notes on frames a live page would apply differently: for whoever develops the page.
  const note = (message: string) =>
    options.dev ? logger.warn(message) : logger.debug(message);
  const late = () =>
    `did not finish within ${options.prerenderTimeoutMs} ms; the browser calls it live`;

  /** Who asks, as a socket of this page would be told; false when nothing may render. */
  async function admit(
    request: IncomingMessage,
  ): Promise<AuthResult | false | undefined> {
    await options.beforeDispatch?.().catch((error: unknown) => {
      logger.error(
        "Could not load the latest handlers; using the previous ones",
        error,
      );
    });
    try {
      return (await options.authenticate?.(request)) ?? undefined;
    } catch (error) {
      logger.error("authenticate() failed; the page is sent unrendered", error);
      return false;
    }
  }

  function run(
    readChange: PageDocumentModule["readChange"],
    region: PageRegion,
    page: PageDocument,
    scope: Scope,
    id: string,
    url: URL,
  ): { done: Promise<Run>; finish(): void } {
    const changes: PageChange[] = [];
    let thrown: unknown;
    // As on the page's socket: the room is the name inside its signed token.
    const room = options.roomSecret
      ? (verifyRoomToken(options.roomSecret, page.room) ?? page.room)
      : page.room;
    const consumer = createRequestConsumer(id, room, scope, (data) => {
      const change = readChange(data);
      if (change) changes.push(change);
    });
    const message: ClientMessage = {
      function: region.fn,
      data: region.data,
      form: region.form,
      lang: page.lang,
      room,
      url: url.pathname + url.search,
    };
    const own: DispatchDeps = {
      ...deps,
      onHandlerError(error, name) {
        thrown = error;
        deps.onHandlerError?.(error, name);
      },
    };
    // The message has no id, so a success has no ack: whatever comes back is an error frame.
    const done = Promise.resolve(observeDispatch(consumer, message, own)).then(
      (outcome): Run =>
        outcome === undefined
          ? { changes }
          : {
              failure:
                thrown === undefined
                  ? (outcome as ErrorFrame).code
                  : describe(thrown),
            },
    );
    return { done, finish: consumer.finish };
  }

  /** Writes a region's changes into the page, unless one needs the live client. */
  function write(page: PageDocument, region: PageRegion, result: Run): boolean {
    const name = `Prerender of "${region.fn}"`;
    if ("failure" in result) {
      logger.warn(
        `${name} failed (${result.failure}); the browser calls it live`,
        { function: region.fn },
      );
      return false;
    }
    if (result.changes.some((change) => change.runsScript)) {
      note(`${name} sent a <script>, which needs the live client; left to it`);
      return false;
    }
    for (const change of result.changes) {
      const problem = page.apply(change);
      if (problem) note(`${name}: ${problem}`);
      if (change.ignored.length > 0)
        note(`${name}: ${change.ignored.join(", ")} ignored (live pages only)`);
    }
    page.markPrerendered(region);
    return true;
  }

  /** Runs every region at once (the page waits for the slowest, never for their sum). */
  async function renderRegions(
    readChange: PageDocumentModule["readChange"],
    page: PageDocument,
    regions: PageRegion[],
    request: IncomingMessage,
    expired: Promise<typeof TIMED_OUT>,
  ): Promise<number> {
    const auth = await Promise.race([admit(request), expired]);
    if (auth === TIMED_OUT) {
      const names = regions.map((region) => `"${region.fn}"`).join(", ");
      logger.warn(`Prerender of ${names}: authenticate() ${late()}`);
      return 0;
    }
    if (auth === false) return 0;
    const url = pageUrl(request);
    const info = readRequestInfo(request, options.trustProxy);
    const scope = createScope(request, info, auth, url);
    const id = randomUUID();
    const runs = regions.map((region) =>
      run(readChange, region, page, scope, id, url),
    );
    const settled = await Promise.all(
      runs.map((each) => Promise.race([each.done, expired])),
    );
    let written = 0;
    settled.forEach((result, index) => {
      const region = regions[index]!;
      runs[index]!.finish();
      if (result === TIMED_OUT)
        logger.warn(`Prerender of "${region.fn}" ${late()}`, {
          function: region.fn,
        });
      else if (write(page, region, result)) written += 1;
    });
    return written;
  }

  return async function prerender(html, request) {
    const unchanged = { html, prerendered: false };
    if (!mayHaveRegions(html)) return unchanged;
    let timer: NodeJS.Timeout | undefined;
    try {
      const { parsePage, readChange } = await (pageDocument ??=
        import("./page-document.ts"));
      const page = parsePage(html);
      const regions = page.regions();
      if (regions.length === 0) return unchanged;
      const expired = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(resolve, options.prerenderTimeoutMs, TIMED_OUT);
      });
      const { rendered } = await tracePrerender(
        pageUrl(request).pathname,
        async () => ({
          regions: regions.length,
          rendered: await renderRegions(
            readChange,
            page,
            regions,
            request,
            expired,
          ),
        }),
      );
      if (rendered === 0) return unchanged;
      return { html: page.toString(), prerendered: true };
    } catch (error) {
      // The page is never an error page because of a region.
      logger.error("Prerender failed; the page is sent unrendered", error);
      return unchanged;
    } finally {
      clearTimeout(timer);
    }
  };
}
