// OpenTelemetry spans for handler calls and prerendered pages, through @opentelemetry/api alone:
// until the app installs an SDK every call here is the API's no-op, and nothing else is loaded.
import {
  context,
  SpanStatusCode,
  trace,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import type { ErrorCode } from "./protocol.ts";

/** The tracer's name, as trace backends show it (the package). */
export const TRACER_NAME = "vite-plugin-liveview";

/** Attribute names of our spans. */
export const SPAN_ATTRIBUTES = {
  function: "liveview.function",
  outcome: "liveview.outcome",
  code: "liveview.error_code",
  room: "liveview.room",
  prerender: "liveview.prerender",
  page: "liveview.page",
  regions: "liveview.regions",
  rendered: "liveview.rendered",
} as const;

/** How a call ended: answered, or with an error frame (its code is on the span). */
export type CallOutcome = "ok" | "error";

// The API's proxy tracer: it hands over to the SDK's tracer once one is registered, also when
// that happens after this module loaded.
const tracer: Tracer = trace.getTracer(TRACER_NAME);

/**
 * The span of one handler call, named after the handler (`liveview say_hello`; `liveview
 * unknown` for a name nobody registered). Undefined when nothing records it, which is always
 * the case without an SDK: the caller then skips every other step.
 */
export function startCallSpan(
  name: string,
  room: string,
  prerender: boolean,
): Span | undefined {
  const span = tracer.startSpan(`liveview ${name}`, {
    attributes: {
      [SPAN_ATTRIBUTES.function]: name,
      [SPAN_ATTRIBUTES.room]: room,
      [SPAN_ATTRIBUTES.prerender]: prerender,
    },
  });
  return span.isRecording() ? span : undefined;
}

export function endCallSpan(
  span: Span,
  code: ErrorCode | undefined,
  thrown: unknown,
): void {
  span.setAttribute(SPAN_ATTRIBUTES.outcome, code ? "error" : "ok");
  if (code) {
    span.setAttribute(SPAN_ATTRIBUTES.code, code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  }
  if (thrown !== undefined)
    span.recordException(
      thrown instanceof Error ? thrown : new Error(String(thrown)),
    );
  span.end();
}

/** Runs `fn` with `span` as the active span, so spans the handler makes are its children. */
export function withSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** What a page's prerender did, for its span. */
export interface PrerenderSummary {
  regions: number;
  rendered: number;
}

/**
 * One span around a page's prerender (`liveview prerender`), parent of its regions' call spans.
 * A page with a region left to the browser (failed or late) ends with outcome "error".
 */
export async function tracePrerender<T extends PrerenderSummary>(
  path: string,
  run: () => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan("liveview prerender", {
    attributes: { [SPAN_ATTRIBUTES.page]: path },
  });
  if (!span.isRecording()) return run();
  try {
    const summary = await withSpan(span, run);
    span.setAttribute(SPAN_ATTRIBUTES.regions, summary.regions);
    span.setAttribute(SPAN_ATTRIBUTES.rendered, summary.rendered);
    const complete = summary.rendered === summary.regions;
    span.setAttribute(SPAN_ATTRIBUTES.outcome, complete ? "ok" : "error");
    if (!complete) span.setStatus({ code: SpanStatusCode.ERROR });
    return summary;
  } finally {
    span.end();
  }
}
