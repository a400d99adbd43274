/** Counts the calls still running, so a closing server can wait for them to finish. */
export interface InFlight {
  begin(): void;
  end(): void;
  /** Resolves once nothing is running (at once if nothing is). */
  idle(): Promise<void>;
}

// A counter rather than a Set of the calls' promises: adding each call's promise to a Set (and
// a `.finally` to take it out) was a measurable share of an async handler's cost.
export function createInFlight(): InFlight {
  let running = 0;
  let waiters: (() => void)[] = [];
  return {
    begin() {
      running += 1;
    },
    end() {
      running -= 1;
      if (running > 0 || waiters.length === 0) return;
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    },
    idle() {
      if (running === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
