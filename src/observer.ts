// What a server reports while it works: the metrics count it, the dev inspector shows it, and
// each dispatch is a span for OpenTelemetry.
import type { Span } from "@opentelemetry/api";
import { BROADCAST_TOPIC, DISCONNECT_TOPIC } from "./broadcast.ts";
import { dispatch, type DispatchDeps } from "./dispatch.ts";
import type { Member } from "./member.ts";
import type { ClientMessage, ErrorCode, ServerFrame } from "./protocol.ts";
import { endCallSpan, startCallSpan, withSpan } from "./tracing.ts";
import type { Consumer } from "./types.ts";
import type { ReceivedUploads } from "./upload-receiver.ts";
import { isThenable } from "./thenable.ts";

/** What a group message was: to every page, to a room or topic, a per-viewer event, a sign-out. */
export type PublishKind = "broadcast" | "room" | "event" | "disconnect";

/** The label of a call to a name no handler has: client text never becomes a label. */
export const UNKNOWN_FUNCTION = "unknown";

export interface ServerObserver {
  /** A socket was accepted (before its first frame is read). */
  opened(member: Member): void;
  closed(member: Member): void;
  /**
   * A message went through dispatch (a prerendered region's too): `name` is its handler's, or
   * UNKNOWN_FUNCTION; `code` is set when it ended with an error frame.
   */
  handled(
    consumer: Consumer,
    message: ClientMessage,
    name: string,
    code: ErrorCode | undefined,
    seconds: number,
  ): void;
  /** A frame was refused before dispatch (its shape, size, rate, or a forged room). */
  refused(code: ErrorCode): void;
  /** This server published a group message. */
  published(kind: PublishKind): void;
}

/** One observer that tells each of `observers`, or undefined when there is none. */
export function combineObservers(
  observers: readonly (ServerObserver | undefined)[],
): ServerObserver | undefined {
  const present = observers.filter((each) => each !== undefined);
  if (present.length <= 1) return present[0];
  return {
    opened: (member) => present.forEach((each) => each.opened(member)),
    closed: (member) => present.forEach((each) => each.closed(member)),
    handled: (...args) => present.forEach((each) => each.handled(...args)),
    refused: (code) => present.forEach((each) => each.refused(code)),
    published: (kind) => present.forEach((each) => each.published(kind)),
  };
}

export function publishKind(topic: string, payload: string): PublishKind {
  if (topic === BROADCAST_TOPIC) return "broadcast";
  if (topic === DISCONNECT_TOPIC) return "disconnect";
  return payload.startsWith("E") ? "event" : "room";
}

type Outcome = ServerFrame | undefined;

function codeOf(frame: Outcome): ErrorCode | undefined {
  return frame !== undefined && "code" in frame ? frame.code : undefined;
}

/**
 * dispatch() as operators see it. With no observer and no OpenTelemetry SDK (the default) this
 * is one no-op span from the API and a null check. With an observer (metrics) the call is timed
 * without a closure or promise of its own when the handler is synchronous; with a recording span
 * the span is the active one while the handler runs, so spans the handler makes are its children.
 */
export function observeDispatch(
  consumer: Consumer,
  message: ClientMessage,
  deps: DispatchDeps,
  uploads?: ReceivedUploads,
): Outcome | PromiseLike<Outcome> {
  const { observer } = deps;
  const name = deps.registry.getHandler(message.function)
    ? message.function
    : UNKNOWN_FUNCTION;
  const span = startCallSpan(name, consumer.room, consumer.prerender === true);
  if (span) return traced(span, consumer, message, deps, name, uploads);
  if (!observer) return dispatch(consumer, message, deps, uploads);
  const started = performance.now();
  const outcome = dispatch(consumer, message, deps, uploads);
  if (isThenable(outcome))
    return outcome.then((frame) =>
      report(observer, consumer, message, name, started, frame),
    );
  return report(observer, consumer, message, name, started, outcome);
}

function report(
  observer: ServerObserver,
  consumer: Consumer,
  message: ClientMessage,
  name: string,
  started: number,
  frame: Outcome,
): Outcome {
  const seconds = (performance.now() - started) / 1000;
  observer.handled(consumer, message, name, codeOf(frame), seconds);
  return frame;
}

function traced(
  span: Span,
  consumer: Consumer,
  message: ClientMessage,
  deps: DispatchDeps,
  name: string,
  uploads: ReceivedUploads | undefined,
): Outcome | PromiseLike<Outcome> {
  const started = performance.now();
  let thrown: unknown;
  const own: DispatchDeps = {
    ...deps,
    onHandlerError(error, fn) {
      thrown = error;
      deps.onHandlerError?.(error, fn);
    },
  };
  const finish = (frame: Outcome): Outcome => {
    if (deps.observer)
      report(deps.observer, consumer, message, name, started, frame);
    endCallSpan(span, codeOf(frame), thrown);
    return frame;
  };
  const outcome = withSpan(span, () =>
    dispatch(consumer, message, own, uploads),
  );
  return isThenable(outcome) ? outcome.then(finish) : finish(outcome);
}
