/**
 * Debugging from the browser console, through `window.liveview`: `debug(true)` logs every frame
 * in and out with its size and timing; `latency(ms)` delays every send and every receive by `ms`,
 * to see the app as on a slow network. Both are kept in sessionStorage (this tab, across reloads)
 * until `debug(false)` / `latency(0)`, and read at each frame, so every client of the page obeys.
 */
import type { ClientMessage } from "../src/protocol.ts";
import { DEBUG_STORAGE_KEY, LATENCY_STORAGE_KEY } from "./attributes.ts";
import { log } from "./log.ts";
import { readItem, writeItem, type StorageGetter } from "./storage.ts";

/**
 * `window.liveview`. Each call returns the setting now in force, which the console prints: that
 * is the confirmation.
 */
export interface LiveViewDebugHandle {
  /** Logs every frame in and out (`debug(false)` stops). @default true */
  debug(on?: boolean): boolean;
  /** Delays sends and receives by `ms` (`latency(0)` stops). */
  latency(ms: number): number;
}

export interface FrameTap {
  readonly handle: LiveViewDebugHandle;
  /** Logs a message going out, then has it written (later, under latency). */
  out(message: ClientMessage, write: () => void): void;
  /** Has a frame that came in handled (later, under latency), then logs it. */
  in(frame: unknown, handle: () => void): void;
}

/** Bytes on the wire (UTF-8), not characters. */
const bytes = (value: unknown): number =>
  new Blob([JSON.stringify(value)]).size;

export function createFrameTap(storage: StorageGetter): FrameTap {
  /** When each message in flight was sent: an answer's line says how long it took. */
  const sentAt = new Map<unknown, number>();
  let lastOut = 0;
  const debugging = (): boolean => readItem(storage, DEBUG_STORAGE_KEY) === "1";
  const later = (fn: () => void): void => {
    const ms = Number(readItem(storage, LATENCY_STORAGE_KEY));
    if (ms > 0) setTimeout(fn, ms);
    else fn();
  };
  // Kept from an earlier page: said once, or it would be easy to forget.
  if (debugging()) log.debug("debug on");

  return {
    handle: {
      debug(on = true) {
        writeItem(storage, DEBUG_STORAGE_KEY, on ? "1" : null);
        return on;
      },
      latency(ms) {
        const delay = ms > 0 ? ms : 0;
        writeItem(storage, LATENCY_STORAGE_KEY, delay ? String(delay) : null);
        return delay;
      },
    },
    out(message, write) {
      lastOut = performance.now();
      if (debugging()) {
        sentAt.set(message.id, lastOut);
        log.debug(`↑ ${message.function} ${bytes(message)} B`, message);
      }
      later(write);
    },
    /** Timing: since the message a frame answers (ack, error), else since the last one out. */
    in(frame, handle) {
      later(() => {
        const { ack, id } = (frame ?? {}) as Record<string, unknown>;
        const since = sentAt.get(ack ?? id) ?? lastOut;
        sentAt.delete(ack ?? id);
        if (debugging()) {
          const ms = Math.round(performance.now() - since);
          log.debug(`↓ ${bytes(frame)} B +${ms} ms`, frame);
        }
        handle();
      });
    },
  };
}
