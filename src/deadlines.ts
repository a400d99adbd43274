/** One timer for every running handler's deadline, instead of one timer per message. */
export interface Deadlines {
  /** Calls `onLate` if `finish` was not called within the timeout; returns `finish`. */
  start(onLate: () => void): () => void;
  stop(): void;
}

/**
 * A handler that never settles would hold its page's queue forever. Each asynchronous call is
 * given a deadline; one sweep, a few times per timeout, fails the late ones. Nothing is
 * scheduled while no handler is running.
 */
export function createDeadlines(
  timeoutMs: number,
  now: () => number = Date.now,
): Deadlines {
  const running = new Map<() => void, number>();
  let timer: NodeJS.Timeout | undefined;
  const sweep = () => {
    const at = now();
    for (const [onLate, due] of running) {
      if (due > at) continue;
      running.delete(onLate);
      onLate();
    }
    if (running.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  return {
    start(onLate) {
      running.set(onLate, now() + timeoutMs);
      if (!timer) {
        timer = setInterval(sweep, Math.max(10, Math.min(1000, timeoutMs / 4)));
        timer.unref();
      }
      return () => void running.delete(onLate);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
      running.clear();
    },
  };
}
