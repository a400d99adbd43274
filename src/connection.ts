import type { RawData, WebSocket } from "ws";
import { dispatch, type DispatchDeps } from "./dispatch.ts";
import type { ResolvedServerOptions } from "./options.ts";
import {
  decodeFrame,
  parseClientMessage,
  ProtocolError,
  type ErrorCode,
  type ServerFrame,
} from "./protocol.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limit.ts";
import type { Consumer } from "./types.ts";

/** Messages waiting behind a slow handler before new ones are refused as a flood. */
const MAX_QUEUED = 1000;

/** Close code for a client that keeps flooding after being told (policy violation). */
export const CLOSE_POLICY = 1008;

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.byteLength, 0);
  return data.byteLength;
}

function toText(data: RawData): string {
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
  let queued = 0;
  let tail: Promise<void> = Promise.resolve();

  const reply = (frame: ServerFrame) => consumer.sendJson(frame);
  const refuse = (code: ErrorCode, error: string, id?: string | number) =>
    reply(id === undefined ? { error, code } : { error, code, id });

  async function run(text: string): Promise<void> {
    try {
      const message = parseClientMessage(decodeFrame(text), consumer.room);
      if (options.roomSecret) message.room = consumer.room;
      if (options.beforeDispatch) {
        await options.beforeDispatch().catch((error: unknown) => {
          options.logger.error("Could not load the latest handlers; using the previous ones", error);
        });
      }
      const frame = await dispatch(consumer, message, deps);
      if (frame) reply(frame);
    } catch (error) {
      if (error instanceof ProtocolError) refuse(error.code, error.message, error.id);
      else options.logger.error("Unexpected failure while handling a message", error);
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
      refuse("LV_ERR_BAD_MESSAGE", "Binary frames are not accepted; send JSON text");
      return;
    }
    if (byteLength(data) > options.maxMessageBytes) {
      refuse("LV_ERR_TOO_LARGE", `A message may be at most ${options.maxMessageBytes} bytes`);
      return;
    }
    const text = toText(data);
    if (queued >= MAX_QUEUED) {
      refuse("LV_ERR_RATE_LIMITED", "Too many messages waiting; slow down", peekId(text));
      return;
    }
    queued += 1;
    tail = tail.then(() => run(text)).finally(() => {
      queued -= 1;
    });
    track(tail);
  });
}
