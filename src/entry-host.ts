import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthResult } from "./auth.ts";
import type { Logger } from "./logger.ts";
import type { ServerEntry, Teardown } from "./server-entry.ts";

/** The app's server entry as the servers use it: whichever entry is current, started once. */
export interface EntryHost {
  readonly entry: ServerEntry | undefined;
  /**
   * Stops the current entry (its teardown) and starts `entry`. Rejects when `start()` throws,
   * leaving `entry` current but not started; requests wait until it settles.
   */
  replace(entry: ServerEntry | undefined): Promise<void>;
  /** Runs the current entry's teardown, once (shutdown, or before a dev re-run). */
  stop(): Promise<void>;
  authenticate(
    request: IncomingMessage,
  ): Promise<AuthResult | false | undefined>;
  /** The entry's `http`, or straight to `next` without one. */
  http(
    request: IncomingMessage,
    response: ServerResponse,
    next: (error?: unknown) => void,
  ): void;
}

export function createEntryHost(logger: Logger): EntryHost {
  let current: ServerEntry | undefined;
  let teardown: Teardown | undefined;
  // Swaps run one after another; requests wait behind the one in progress.
  let settled: Promise<unknown> = Promise.resolve();

  async function stop(): Promise<void> {
    const running = teardown;
    teardown = undefined;
    if (running) await running();
  }

  async function start(entry: ServerEntry | undefined): Promise<void> {
    const result = await entry?.start?.({ logger });
    teardown = typeof result === "function" ? result : undefined;
  }

  return {
    get entry() {
      return current;
    },
    replace(entry) {
      const swap = settled.then(async () => {
        await stop();
        current = entry;
        await start(entry);
      });
      settled = swap.catch(() => {});
      return swap;
    },
    stop() {
      const stopping = settled.then(stop);
      settled = stopping.catch(() => {});
      return stopping;
    },
    async authenticate(request) {
      await settled;
      return current?.authenticate ? current.authenticate(request) : undefined;
    },
    http(request, response, next) {
      void settled.then(() => {
        const http = current?.http;
        if (!http) return next();
        // A throw or a rejection is the app's error: the server answers 500 (next(error)).
        let result: unknown;
        try {
          result = http(request, response, next);
        } catch (error) {
          return next(error);
        }
        if (result instanceof Promise)
          result.catch((error: unknown) => next(error));
      });
    },
  };
}
