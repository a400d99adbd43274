/** Notices when the event loop was blocked, so rate limits can count by arrival time. */
export interface StallMonitor {
  /** Milliseconds the loop was just blocked for, while the backlog drains (else 0). */
  credit(now: number): number;
  stop(): void;
}

const TICK_MS = 100;
/** A tick this late means the loop was blocked, not merely busy. */
const STALL_MS = 50;
/** How long after a stall its backlog is still being read. */
const DRAIN_MS = 1000;

/**
 * After the server was blocked for 6 s (a slow synchronous handler, a GC pause), messages that a
 * well-paced client sent during those 6 s arrive all at once. Counted at processing time they
 * look like a flood. The monitor measures the stall, and the budgets grant its length as extra
 * refill while the backlog drains: a client pacing itself is not punished for our pause. The
 * backlog is often read before the late tick runs (I/O comes before timers after a stall), so
 * a tick that is overdue right now counts as a stall too.
 */
export function createStallMonitor(now: () => number = Date.now): StallMonitor {
  let lastTick = now();
  let stallEnd = -Infinity;
  let stallMs = 0;
  const timer = setInterval(() => {
    const at = now();
    const late = at - lastTick - TICK_MS;
    if (late > STALL_MS) {
      stallEnd = at;
      stallMs = late;
    }
    lastTick = at;
  }, TICK_MS);
  timer.unref();
  return {
    credit(at) {
      const overdue = at - lastTick - TICK_MS;
      if (overdue > STALL_MS) return overdue;
      return at - stallEnd < DRAIN_MS ? stallMs : 0;
    },
    stop: () => clearInterval(timer),
  };
}
