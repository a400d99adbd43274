/**
 * When to try the socket again. Attempt n waits min(initialDelay * factor^(n-1), maxDelay),
 * lengthened by a random part of up to `jitter` of itself (never shortened, never past maxDelay),
 * so that a server restart is not met by every page at the same instant. After maxAttempts
 * attempts the schedule is spent and waits for a wake-up (see wake.ts).
 */
import type { ReconnectOptions } from "./options.ts";

/** The wait before attempt `attempt` (1-based). `random` is in [0, 1). */
export function reconnectDelay(
  attempt: number,
  options: ReconnectOptions,
  random: number = Math.random(),
): number {
  const base = Math.min(
    options.initialDelay * options.factor ** (attempt - 1),
    options.maxDelay,
  );
  return Math.min(base * (1 + options.jitter * random), options.maxDelay);
}

export interface ReconnectSchedule {
  /** Failed attempts since the last reset. */
  readonly attempts: number;
  /** Schedules the next attempt; false when all attempts are used up. */
  next(): boolean;
  /** Starts over (the socket opened, or a wake-up asked for a fresh schedule). */
  reset(): void;
}

export function createReconnectSchedule(
  options: ReconnectOptions,
  attempt: () => void,
): ReconnectSchedule {
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    get attempts() {
      return attempts;
    },
    next() {
      if (attempts >= options.maxAttempts) return false;
      attempts += 1;
      clearTimeout(timer);
      timer = setTimeout(
        () => {
          timer = undefined;
          attempt();
        },
        reconnectDelay(attempts, options),
      );
      return true;
    },
    reset() {
      clearTimeout(timer);
      timer = undefined;
      attempts = 0;
    },
  };
}
