import type { RawData, WebSocket } from "ws";
import { CLOSE_POLICY } from "./close-codes.ts";
import { dispatch, type DispatchDeps } from "./dispatch.ts";
import type { ResolvedServerOptions } from "./options.ts";
import {
  decodeFrame,
  errorFrame,
  parseClientMessage,
  ProtocolError,
  type ErrorCode,
  type ServerFrame,
} from "./protocol.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limit.ts";
import type { Consumer } from "./types.ts";

/** Messages waiting behind a slow handler before new ones are refused as a flood. */
const MAX_QUEUED = 1000;

function byteLength(data: RawData): number {
  if (Array.isArray(data))
    return data.reduce((sum, part) => sum + part.byteLength, 0);
  return data.byteLength;
}

function toText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data as ArrayBuffer).toString("utf8");
}

/** Best effort: the id of a message we refuse anyway, so the client can clear its loading state. */
function peekId(text: string): string | number | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return undefined;
    const id = (value as { id?: unknown }).id;
    return typeof id === "string" || typeof id === "number" ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One socket's inbound side: checks size and rate, narrows each frame, and runs messages one
 * after another (the next starts when the previous handler settled), so a page sees its
 * answers in the order it asked.
 */
export function handleConnection(
  socket: WebSocket,
  consumer: Consumer,
  options: ResolvedServerOptions,
  deps: DispatchDeps,
  track: (work: Promise<void>) => void,
): void {
  const limiter: RateLimiter | undefined = options.rateLimit
    ? createRateLimiter(options.rateLimit)
    : undefined;
  let refusedInARow = 0;
  const waiting: string[] = [];
  let busy = false;

  const reply = (frame: ServerFrame | undefined) => {
    if (frame) consumer.sendJson(frame);
  };
  const refuse = (code: ErrorCode, error: string, id?: string | number) =>
    reply(errorFrame(code, error, id));
  const unexpected = (error: unknown) =>
    options.logger.error("Unexpected failure while handling a message", error);

  /** Handles one frame; returns a promise only when something in it is asynchronous. */
  function handle(text: string): Promise<void> | undefined {
    let message;
    try {
      message = parseClientMessage(decodeFrame(text), consumer.room);
    } catch (error) {
      if (error instanceof ProtocolError)
        refuse(error.code, error.message, error.id);
      else unexpected(error);
      return undefined;
    }
    if (options.roomSecret) message.room = consumer.room;
    const ready = message;
    if (options.beforeDispatch) {
      return options
        .beforeDispatch()
        .catch((error: unknown) =>
          options.logger.error(
            "Could not load the latest handlers; using the previous ones",
            error,
          ),
        )
        .then(() => dispatch(consumer, ready, deps))
        .then(reply, unexpected);
    }
    const result = dispatch(consumer, message, deps);
    if (result instanceof Promise) return result.then(reply, unexpected);
    reply(result);
    return undefined;
  }

  /**
   * Runs waiting messages in order. Synchronous handlers (the common case) are answered in the
   * same tick with no promise at all; an asynchronous one holds the queue until it settles.
   */
  function pump(): void {
    while (waiting.length > 0) {
      const pending = handle(waiting.shift()!);
      if (pending) {
        busy = true;
        track(
          pending.then(() => {
            busy = false;
            pump();
          }),
        );
        return;
      }
    }
  }

  socket.on("message", (data, isBinary) => {
    if (limiter && !limiter.take()) {
      refusedInARow += 1;
      if (refusedInARow > (options.rateLimit ? options.rateLimit.burst : 0)) {
        socket.close(CLOSE_POLICY, "Rate limit exceeded");
        return;
      }
      const id = isBinary ? undefined : peekId(toText(data));
      refuse("LV_ERR_RATE_LIMITED", "Too many messages; slow down", id);
      return;
    }
    refusedInARow = 0;
    if (isBinary) {
      refuse(
        "LV_ERR_BAD_MESSAGE",
        "Binary frames are not accepted; send JSON text",
      );
      return;
    }
    if (byteLength(data) > options.maxMessageBytes) {
      refuse(
        "LV_ERR_TOO_LARGE",
        `A message may be at most ${options.maxMessageBytes} bytes`,
      );
      return;
    }
    const text = toText(data);
    if (waiting.length >= MAX_QUEUED) {
      refuse(
        "LV_ERR_RATE_LIMITED",
        "Too many messages waiting; slow down",
        peekId(text),
      );
      return;
    }
    waiting.push(text);
    if (!busy) pump();
  });
}
