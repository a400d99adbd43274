import type { RawData, WebSocket } from "ws";
import type { AddressBudgets } from "./address-budgets.ts";
import { quoteClientText, type ClientLog } from "./client-log.ts";
import { CLOSE_POLICY } from "./close-codes.ts";
import { isPendingCall, type DispatchDeps } from "./dispatch.ts";
import { byteLength, peekId, toBytes } from "./frame-text.ts";
import type { InFlight } from "./in-flight.ts";
import { observeDispatch } from "./observer.ts";
import type { ResolvedServerOptions } from "./options.ts";
import {
  decodeFrame,
  errorFrame,
  parseClientMessage,
  ProtocolError,
  type ClientMessage,
  type ErrorCode,
  type ServerFrame,
} from "./protocol.ts";
import { createRateLimiter } from "./rate-limit.ts";
import { findShapeExcess } from "./shape.ts";
import type { StallMonitor } from "./stall.ts";
import type { Consumer } from "./types.ts";
import {
  createUploadReceiver,
  type ReceivedUploads,
  type UploadReceiver,
} from "./upload-receiver.ts";
import type { UploadStore } from "./upload-store.ts";
import { isThenable } from "./thenable.ts";

/** Messages waiting behind a slow handler before new ones are refused as a flood. */
const MAX_QUEUED = 1000;
/** The longest a socket over its byte budget is left unread. */
const MAX_PAUSE_MS = 2000;

/** What every connection of one server shares to keep clients within bounds. */
export interface ConnectionGuards {
  stall: StallMonitor;
  addresses: AddressBudgets | undefined;
  clientLog: ClientLog;
  uploads: UploadStore;
}

export interface Connection {
  /** Stops reading: frames still arriving and messages not started are dropped (shutdown). */
  stop(): void;
}

/** A message waiting for its turn: as it arrived, or a call whose files have all arrived. */
type Waiting =
  | { text: string; size: number; uploads?: undefined }
  | { message: ClientMessage; size: number; uploads: ReceivedUploads };

/**
 * One socket's inbound side. Each frame is first counted against the socket's and its address's
 * budgets (messages and bytes), then its size and shape are checked on the raw text, and only
 * then is it parsed; messages run one after another (the next starts when the previous handler
 * settled), so a page sees its answers in the order it asked. File bytes (binary frames of an
 * upload the server agreed to) go to the upload receiver, outside the queue and the message
 * budgets, which would starve them; the receiver bounds them its own way.
 */
export function handleConnection(
  socket: WebSocket,
  consumer: Consumer,
  options: ResolvedServerOptions,
  deps: DispatchDeps,
  inFlight: InFlight,
  guards: ConnectionGuards,
  member: { lang: string },
): Connection {
  const limiter = options.rateLimit
    ? createRateLimiter(options.rateLimit, guards.stall)
    : undefined;
  const address = consumer.scope.address;
  const floodAfter = (
    options.rateLimit ||
    options.addressLimit || { burst: 100 }
  ).burst;
  let refusedInARow = 0;
  const ownBytesPerSecond = options.rateLimit
    ? options.rateLimit.bytesPerSecond
    : Infinity;
  const waiting: Waiting[] = [];
  // Made with the page's first upload: most pages never send one, and an idle socket should
  // not carry its maps and closures (they were a third of a connection's heap).
  let receiver: UploadReceiver | undefined;
  const uploads = () =>
    (receiver ??= createUploadReceiver(guards.uploads, consumer, socket));
  let waitingBytes = 0;
  let busy = false;
  let stopped = false;

  const reply = (frame: ServerFrame | undefined) => {
    if (frame) consumer.sendJson(frame);
  };
  const refuse = (code: ErrorCode, error: string, id?: string | number) => {
    deps.observer?.refused(code);
    reply(errorFrame(code, error, id));
  };
  const unexpected = (error: unknown) =>
    options.logger.error("Unexpected failure while handling a message", error);

  /**
   * Counts the frame at arrival; false (and answered) when the client is over budget. Over the
   * byte budget, the socket is also not read until the budget has room again: TCP then makes
   * the sender wait, instead of the server buffering what it would only refuse.
   */
  function withinBudget(
    data: RawData,
    isBinary: boolean,
    size: number,
  ): boolean {
    const own = limiter?.take(size);
    const overrun = own ?? guards.addresses?.take(address, size);
    if (overrun === undefined) {
      refusedInARow = 0;
      return true;
    }
    refusedInARow += 1;
    if (refusedInARow > floodAfter) {
      guards.clientLog.warn(
        "flood",
        `Closed a socket from ${quoteClientText(address)} that kept sending over its budget`,
        { address, room: consumer.room, code: "LV_ERR_RATE_LIMITED" },
      );
      socket.close(CLOSE_POLICY, "Rate limit exceeded");
      return false;
    }
    const id = isBinary ? undefined : peekId(toBytes(data));
    refuse("LV_ERR_RATE_LIMITED", "Too many messages; slow down", id);
    if (overrun === "bytes") {
      // The socket's own pace, and its turn among the address's sockets over budget.
      const ownMs =
        own === "bytes"
          ? Math.min(MAX_PAUSE_MS, (size / ownBytesPerSecond) * 1000)
          : 0;
      pauseReading(Math.max(ownMs, guards.addresses?.turn(address, size) ?? 0));
    }
    return false;
  }

  function pauseReading(ms: number): void {
    socket.pause();
    setTimeout(() => {
      if (!stopped) socket.resume();
    }, ms).unref();
  }

  /** The frame's text when it may be parsed and queued, else undefined (and answered). */
  function admit(data: RawData, isBinary: boolean): string | undefined {
    const size = byteLength(data);
    if (!withinBudget(data, isBinary, size)) return undefined;
    if (isBinary) {
      refuse(
        "LV_ERR_BAD_MESSAGE",
        "Binary frames are not accepted; send JSON text",
      );
      return undefined;
    }
    if (size > options.maxMessageBytes) {
      refuse(
        "LV_ERR_TOO_LARGE",
        `A message may be at most ${options.maxMessageBytes} bytes`,
      );
      return undefined;
    }
    const bytes = toBytes(data);
    const excess = findShapeExcess(bytes, options.messageLimits);
    if (excess) {
      refuse("LV_ERR_BAD_MESSAGE", `The message is refused: ${excess}`);
      return undefined;
    }
    if (
      waiting.length >= MAX_QUEUED ||
      waitingBytes + size > options.maxQueuedBytes
    ) {
      refuse(
        "LV_ERR_RATE_LIMITED",
        "Too many messages waiting; slow down",
        peekId(bytes),
      );
      return undefined;
    }
    return bytes.toString("utf8");
  }

  /** A call whose files are all on disk takes its turn in the queue. */
  function enqueue(message: ClientMessage, received: ReceivedUploads): void {
    if (stopped) return received.settled();
    waiting.push({ message, size: 0, uploads: received });
    if (!busy) pump();
  }

  /** Dispatches a message, or first receives the files it announces. */
  function run(message: ClientMessage, received: ReceivedUploads | undefined) {
    const { uploads: announced, function: name } = message;
    if (!announced || received || !deps.registry.getHandler(name))
      return observeDispatch(consumer, message, deps, received);
    const specs = deps.registry.getSchemas(name)?.uploads;
    return uploads().begin(message, announced, specs, (files) =>
      enqueue(message, files),
    );
  }

  /**
   * Handles one frame: answers it at once, or returns the promise of its answer when something
   * in it is asynchronous.
   */
  function handle(
    entry: Waiting,
  ): PromiseLike<ServerFrame | undefined> | undefined {
    let message: ClientMessage;
    if (entry.uploads) message = entry.message;
    else
      try {
        message = parseClientMessage(decodeFrame(entry.text), consumer.room);
      } catch (error) {
        if (error instanceof ProtocolError)
          refuse(error.code, error.message, error.id);
        else unexpected(error);
        return undefined;
      }
    // Event handlers render in the page's language: the one of its latest message.
    if (message.lang) member.lang = message.lang;
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
        .then(() => run(ready, entry.uploads));
    }
    const result = run(message, entry.uploads);
    if (isThenable(result)) return result;
    reply(result);
    return undefined;
  }

  // One continuation per asynchronous call, which answers and takes the next message: each
  // extra promise on this path is paid on every await-ing handler's call.
  const next = () => {
    inFlight.end();
    busy = false;
    pump();
  };
  const settled = (frame: ServerFrame | undefined) => {
    reply(frame);
    next();
  };
  const crashed = (error: unknown) => {
    unexpected(error);
    next();
  };

  /**
   * Runs waiting messages in order. Synchronous handlers (the common case) are answered in the
   * same tick with no promise at all; an asynchronous one holds the queue until it settles.
   */
  function pump(): void {
    while (!stopped && waiting.length > 0) {
      const entry = waiting.shift()!;
      waitingBytes -= entry.size;
      const pending = handle(entry);
      if (pending) {
        busy = true;
        inFlight.begin();
        // A call that awaited only in its handler is waited for without a promise.
        if (isPendingCall(pending)) pending.whenSettled(settled);
        else pending.then(settled, crashed);
        return;
      }
    }
  }

  socket.on("message", (data, isBinary) => {
    if (stopped) return;
    if (isBinary && receiver?.receive(toBytes(data))) return;
    const text = admit(data, isBinary);
    if (text === undefined) return;
    const size = byteLength(data);
    waiting.push({ text, size });
    waitingBytes += size;
    if (!busy) pump();
  });

  socket.once("close", () => void receiver?.stop());

  return {
    stop() {
      stopped = true;
      for (const entry of waiting) entry.uploads?.settled();
      waiting.length = 0;
      waitingBytes = 0;
      socket.pause();
      void receiver?.stop();
    },
  };
}
