/**
 * One WebSocket per page, kept alive. Messages written while the socket is not open wait in a
 * queue and are flushed once, in order, on the next `open`; a message already written is never
 * queued again, so a reconnect cannot duplicate it. The socket never touches the page: the caller
 * hears about it through `onOpen` / `onLost` / `onFrame`.
 *
 * Every close the client did not ask for is retried on the schedule of reconnect.ts (code 1000
 * included, unlike Django LiveView's client: a restarting server closes normally too). Once the schedule is
 * spent the socket gives up until a wake-up (wake.ts) or a `send`, which start a fresh schedule.
 * A close after which coming back cannot help (the caller's `onLost` says so: a revoked session, a
 * page from another build) holds the socket down until `reconnect()` is called.
 */
import type { ClientMessage } from "../src/protocol.ts";
import type { ReconnectOptions } from "./options.ts";
import { createReconnectSchedule } from "./reconnect.ts";
import { listenForWake } from "./wake.ts";
import {
  listenToSocket,
  type WebSocketConstructor,
  type WebSocketLike,
} from "./websocket.ts";
import { log } from "./log.ts";

export type SocketStatus =
  "connecting" | "open" | "waiting" | "gave-up" | "stopped";

export interface LiveSocketOptions {
  /** Asked before each attempt: a reconnect may say more than the first connect. */
  url: () => string;
  reconnect: ReconnectOptions;
  WebSocket: WebSocketConstructor;
  /** Each decoded frame from the server, still unchecked. */
  onFrame(frame: unknown): void;
  /**
   * The socket is open (again); `fresh` when a new socket opened, false when the browser came
   * back online with the socket still open.
   */
  onOpen?(fresh: boolean): void;
  /**
   * The socket was lost (`code`: its close code, when it closed with one), could not connect, or
   * the browser went offline. Returning false after a close stops reconnecting until `reconnect()`.
   */
  onLost?(code?: number): boolean | void;
  /** Defaults to the global `window`; where online / visibility / user-action events are heard. */
  window?: Window;
}

export interface LiveSocket {
  /** The URL of the latest attempt. */
  readonly url: string;
  readonly status: SocketStatus;
  /** Failed attempts since the socket was last open. */
  readonly attempts: number;
  /** Writes the message now when open, else queues it (and wakes a socket that gave up). */
  send(message: ClientMessage): void;
  /** Writes binary data now (an upload's bytes); false when the socket is not open. */
  sendBinary(data: Blob | ArrayBuffer): boolean;
  /** Messages waiting for the socket to open, oldest first. */
  queued(): readonly ClientMessage[];
  /** Connects now with a fresh schedule, unless already open or connecting (also after a hold). */
  reconnect(): void;
  /** Closes for good: no more reconnects, listeners removed. */
  close(): void;
}

/** readyState from which on (CLOSING, CLOSED) a socket takes no more data. */
const CLOSING = 2;

export function createLiveSocket(options: LiveSocketOptions): LiveSocket {
  const win = options.window ?? window;
  const queue: ClientMessage[] = [];
  const schedule = createReconnectSchedule(options.reconnect, open);
  let ws: WebSocketLike | null = null;
  /** Silences the current socket's listeners (a dead socket must not speak for the new one). */
  let mute = (): void => {};
  let status: SocketStatus = "connecting";
  let url = "";
  /** Only an explicit reconnect() may lift it. */
  let held = false;

  /** Writes directly; false when the socket cannot take it now. */
  function write(data: string | Blob | ArrayBuffer): boolean {
    if (status !== "open" || ws === null) return false;
    if (ws.readyState! >= CLOSING) return false;
    try {
      ws.send(data);
      return true;
    } catch {
      return false;
    }
  }

  function flush(): void {
    while (queue.length > 0 && write(JSON.stringify(queue[0]!))) queue.shift();
  }

  function handleOpen(): void {
    if (status === "open") return;
    status = "open";
    schedule.reset();
    options.onOpen?.(true);
    flush();
  }

  function handleMessage(data: unknown): void {
    let frame: unknown;
    try {
      // A binary frame (Blob, ArrayBuffer) reads as "[object ...]": not JSON either.
      frame = JSON.parse(data as string);
    } catch {
      log.error("ignored a frame that is not JSON text:", data);
      return;
    }
    options.onFrame(frame);
  }

  function fail(code?: number): void {
    mute();
    ws = null;
    status = "gave-up";
    held = options.onLost?.(code) === false;
    // (A listener may have reconnected already.)
    if (!held && status === "gave-up" && schedule.next()) status = "waiting";
  }

  function open(): void {
    status = "connecting";
    url = options.url();
    try {
      ws = new options.WebSocket(url);
    } catch (error) {
      log.error(`cannot open ${url}:`, error);
      fail();
      return;
    }
    mute = listenToSocket(ws, {
      open: handleOpen,
      message: handleMessage,
      close: fail,
    });
  }

  function reconnect(): void {
    if (status !== "waiting" && status !== "gave-up") return;
    held = false;
    schedule.reset();
    open();
  }

  const wake = (): void => {
    if (!held) reconnect();
  };
  const stopListening = listenForWake(win, {
    online: () => (status === "open" ? options.onOpen?.(false) : wake()),
    offline: () => options.onLost?.(),
    active: () => status === "gave-up" && wake(),
  });
  open();

  return {
    get url() {
      return url;
    },
    get status() {
      return status;
    },
    get attempts() {
      return schedule.attempts;
    },
    send(message) {
      if (status === "stopped") {
        log.warn("the client was stopped; message not sent:", message.function);
        return;
      }
      if (queue.length === 0 && write(JSON.stringify(message))) return;
      queue.push(message);
      if (status === "gave-up") wake();
    },
    sendBinary: write,
    queued: () => [...queue],
    reconnect,
    close() {
      if (status === "stopped") return;
      status = "stopped";
      schedule.reset();
      stopListening();
      const socket = ws;
      ws = null;
      mute();
      socket?.close(1000, "client stopped");
      queue.length = 0;
    },
  };
}
