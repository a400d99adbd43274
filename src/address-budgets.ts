import {
  createRateLimiter,
  type AddressLimitOptions,
  type Overrun,
  type RateLimiter,
} from "./rate-limit.ts";
import type { StallMonitor } from "./stall.ts";

export interface AddressBudgets {
  /** Counts a new socket from `address`; false when the address has too many open. */
  connect(address: string): boolean;
  disconnect(address: string): void;
  /** Takes one message of `bytes` from the address's budget; says what ran out, if anything. */
  take(address: string, bytes: number): Overrun | undefined;
  /**
   * How long to leave a socket of `address` unread after it went over the address's byte budget
   * with a frame of `bytes`: each such socket waits its turn behind the others, so together they
   * are read at the address's pace. Paused one by one for the frame's own time, twenty sockets
   * were read twenty times as fast, and what they sent was read only to be refused.
   */
  turn(address: string, bytes: number): number;
  /** Addresses remembered now (for tests and metrics). */
  readonly size: number;
  stop(): void;
}

interface Entry {
  sockets: number;
  limiter: RateLimiter;
  /** When the last socket waiting its turn may be read again (ms since the epoch). */
  turnsEnd: number;
}

const SWEEP_MS = 10_000;
/** The longest wait for a turn: well under the heartbeat, whose pongs a paused socket cannot read. */
const MAX_TURN_MS = 10_000;

/**
 * A flooder that is closed reconnects, and a new socket would start with a fresh budget: so the
 * budget also lives with the client's address, across its sockets and reconnects. An address is
 * forgotten once it has no socket open and its budget is full again, so the table holds only
 * addresses that are connected or were busy in the last few seconds.
 */
export function createAddressBudgets(
  options: Required<AddressLimitOptions>,
  stall: StallMonitor,
): AddressBudgets {
  const entries = new Map<string, Entry>();
  const entry = (address: string): Entry => {
    let found = entries.get(address);
    if (!found) {
      found = {
        sockets: 0,
        limiter: createRateLimiter(options, stall),
        turnsEnd: 0,
      };
      entries.set(address, found);
    }
    return found;
  };
  const sweep = setInterval(() => {
    for (const [address, { sockets, limiter }] of entries) {
      if (sockets === 0 && limiter.idle()) entries.delete(address);
    }
  }, SWEEP_MS);
  sweep.unref();
  return {
    connect(address) {
      const found = entry(address);
      if (found.sockets >= options.maxConnections) return false;
      found.sockets += 1;
      return true;
    },
    disconnect(address) {
      const found = entries.get(address);
      if (found) found.sockets -= 1;
    },
    take(address, bytes) {
      return entry(address).limiter.take(bytes);
    },
    turn(address, bytes) {
      const found = entry(address);
      const at = Date.now();
      const own = (bytes / options.bytesPerSecond) * 1000;
      found.turnsEnd = Math.min(
        at + MAX_TURN_MS,
        Math.max(at, found.turnsEnd) + own,
      );
      return found.turnsEnd - at;
    },
    get size() {
      return entries.size;
    },
    stop() {
      clearInterval(sweep);
      entries.clear();
    },
  };
}
