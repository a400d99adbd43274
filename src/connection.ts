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
import { createRateLimiter, type RateLimiter } from "./rate-limit.ts";
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
  /** The socket closed: files still arriving are removed. */
  closed(): void;
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
  const reader = new Reader(
    socket,
    consumer,
    options,
    deps,
    inFlight,
    guards,
    member,
  );
  socket.on("message", (data, isBinary) => reader.receive(data, isBinary));
  return reader;
}

/**
 * A class rather than a closure per step: an idle socket carried some twenty closures and
 * their context here, a fifth of its memory.
 */
class Reader implements Connection {
  private readonly limiter: RateLimiter | undefined;
  private readonly address: string;
  private readonly floodAfter: number;
  private readonly ownBytesPerSecond: number;
  private refusedInARow = 0;
  private readonly waiting: Waiting[] = [];
  private waitingBytes = 0;
  private busy = false;
  private stopped = false;
  /**
   * Made with the page's first upload: most pages never send one, and an idle socket should
   * not carry its maps and closures (they were a third of a connection's heap).
   */
  private receiver: UploadReceiver | undefined;
  /** The continuations of an asynchronous call, made with the page's first one. */
  private continuations:
    | {
        settled: (frame: ServerFrame | undefined) => void;
        crashed: (error: unknown) => void;
      }
    | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly consumer: Consumer,
    private readonly options: ResolvedServerOptions,
    private readonly deps: DispatchDeps,
    private readonly inFlight: InFlight,
    private readonly guards: ConnectionGuards,
    private readonly member: { lang: string },
  ) {
    this.limiter = options.rateLimit
      ? createRateLimiter(options.rateLimit, guards.stall)
      : undefined;
    this.address = consumer.scope.address;
    this.floodAfter = (
      options.rateLimit ||
      options.addressLimit || { burst: 100 }
    ).burst;
    this.ownBytesPerSecond = options.rateLimit
      ? options.rateLimit.bytesPerSecond
      : Infinity;
  }

  receive(data: RawData, isBinary: boolean): void {
    if (this.stopped) return;
    if (isBinary && this.receiver?.receive(toBytes(data))) return;
    const size = byteLength(data);
    const text = this.admit(data, isBinary, size);
    if (text === undefined) return;
    this.waiting.push({ text, size });
    this.waitingBytes += size;
    if (!this.busy) this.pump();
  }

  closed(): void {
    void this.receiver?.stop();
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.waiting) entry.uploads?.settled();
    this.waiting.length = 0;
    this.waitingBytes = 0;
    this.socket.pause();
    void this.receiver?.stop();
  }

  private reply(frame: ServerFrame | undefined): void {
    if (frame) this.consumer.sendJson(frame);
  }

  private refuse(code: ErrorCode, error: string, id?: string | number): void {
    this.deps.observer?.refused(code);
    this.reply(errorFrame(code, error, id));
  }

  private unexpected(error: unknown): void {
    this.options.logger.error(
      "Unexpected failure while handling a message",
      error,
    );
  }

  private uploads(): UploadReceiver {
    return (this.receiver ??= createUploadReceiver(
      this.guards.uploads,
      this.consumer,
      this.socket,
    ));
  }

  /**
   * Counts the frame at arrival; false (and answered) when the client is over budget. Over the
   * byte budget, the socket is also not read until the budget has room again: TCP then makes
   * the sender wait, instead of the server buffering what it would only refuse.
   */
  private withinBudget(
    data: RawData,
    isBinary: boolean,
    size: number,
  ): boolean {
    const { guards, address } = this;
    const own = this.limiter?.take(size);
    const overrun = own ?? guards.addresses?.take(address, size);
    if (overrun === undefined) {
      this.refusedInARow = 0;
      return true;
    }
    this.refusedInARow += 1;
    if (this.refusedInARow > this.floodAfter) {
      guards.clientLog.warn(
        "flood",
        `Closed a socket from ${quoteClientText(address)} that kept sending over its budget`,
        { address, room: this.consumer.room, code: "LV_ERR_RATE_LIMITED" },
      );
      this.socket.close(CLOSE_POLICY, "Rate limit exceeded");
      return false;
    }
    const id = isBinary ? undefined : peekId(toBytes(data));
    this.refuse("LV_ERR_RATE_LIMITED", "Too many messages; slow down", id);
    if (overrun === "bytes") {
      // Over its own budget, the socket's own pace; over its address's (then its own had room),
      // its turn among the address's sockets over budget.
      this.pauseReading(
        own === "bytes"
          ? Math.min(MAX_PAUSE_MS, (size / this.ownBytesPerSecond) * 1000)
          : (guards.addresses?.turn(address, size) ?? 0),
      );
    }
    return false;
  }

  private pauseReading(ms: number): void {
    this.socket.pause();
    setTimeout(() => {
      if (!this.stopped) this.socket.resume();
    }, ms).unref();
  }

  /** The frame's text when it may be parsed and queued, else undefined (and answered). */
  private admit(
    data: RawData,
    isBinary: boolean,
    size: number,
  ): string | undefined {
    const { options } = this;
    if (!this.withinBudget(data, isBinary, size)) return undefined;
    if (isBinary) {
      this.refuse(
        "LV_ERR_BAD_MESSAGE",
        "Binary frames are not accepted; send JSON text",
      );
      return undefined;
    }
    if (size > options.maxMessageBytes) {
      this.refuse(
        "LV_ERR_TOO_LARGE",
        `A message may be at most ${options.maxMessageBytes} bytes`,
      );
      return undefined;
    }
    const bytes = toBytes(data);
    const excess = findShapeExcess(bytes, options.messageLimits);
    if (excess) {
      this.refuse("LV_ERR_BAD_MESSAGE", `The message is refused: ${excess}`);
      return undefined;
    }
    if (
      this.waiting.length >= MAX_QUEUED ||
      this.waitingBytes + size > options.maxQueuedBytes
    ) {
      this.refuse(
        "LV_ERR_RATE_LIMITED",
        "Too many messages waiting; slow down",
        peekId(bytes),
      );
      return undefined;
    }
    return bytes.toString("utf8");
  }

  /** A call whose files are all on disk takes its turn in the queue. */
  private enqueue(message: ClientMessage, received: ReceivedUploads): void {
    if (this.stopped) return received.settled();
    this.waiting.push({ message, size: 0, uploads: received });
    if (!this.busy) this.pump();
  }

  /** Dispatches a message, or first receives the files it announces. */
  private run(message: ClientMessage, received: ReceivedUploads | undefined) {
    const { deps } = this;
    const { uploads: announced, function: name } = message;
    if (!announced || received || !deps.registry.getHandler(name))
      return observeDispatch(this.consumer, message, deps, received);
    const specs = deps.registry.getSchemas(name)?.uploads;
    return this.uploads().begin(message, announced, specs, (files) =>
      this.enqueue(message, files),
    );
  }

  /**
   * Handles one frame: answers it at once, or returns the promise of its answer when something
   * in it is asynchronous.
   */
  private handle(
    entry: Waiting,
  ): PromiseLike<ServerFrame | undefined> | undefined {
    const { options } = this;
    let message: ClientMessage;
    if (entry.uploads) message = entry.message;
    else
      try {
        message = parseClientMessage(
          decodeFrame(entry.text),
          this.consumer.room,
        );
      } catch (error) {
        if (error instanceof ProtocolError)
          this.refuse(error.code, error.message, error.id);
        else this.unexpected(error);
        return undefined;
      }
    // Event handlers render in the page's language: the one of its latest message.
    if (message.lang) this.member.lang = message.lang;
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
        .then(() => this.run(ready, entry.uploads));
    }
    const result = this.run(message, entry.uploads);
    if (isThenable(result)) return result;
    this.reply(result);
    return undefined;
  }

  /**
   * One continuation per asynchronous call, which answers and takes the next message: each
   * extra promise on this path is paid on every await-ing handler's call.
   */
  private next(): void {
    this.inFlight.end();
    this.busy = false;
    this.pump();
  }

  /**
   * Runs waiting messages in order. Synchronous handlers (the common case) are answered in the
   * same tick with no promise at all; an asynchronous one holds the queue until it settles.
   */
  private pump(): void {
    while (!this.stopped && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.waitingBytes -= entry.size;
      const pending = this.handle(entry);
      if (pending) {
        this.busy = true;
        this.inFlight.begin();
        const { settled, crashed } = (this.continuations ??= {
          settled: (frame) => {
            this.reply(frame);
            this.next();
          },
          crashed: (error) => {
            this.unexpected(error);
            this.next();
          },
        });
        // A call that awaited only in its handler is waited for without a promise.
        if (isPendingCall(pending)) pending.whenSettled(settled);
        else pending.then(settled, crashed);
        return;
      }
    }
  }
}
