import type { StallMonitor } from "./stall.ts";

export interface RateLimitOptions {
  /** Messages a client may send at once. @default 100 */
  burst?: number;
  /** Messages per second a client may keep sending. @default 50 */
  perSecond?: number;
  /** Bytes a client may send at once. @default 2097152 (2 MiB) */
  burstBytes?: number;
  /** Bytes per second a client may keep sending. @default 524288 (512 KiB) */
  bytesPerSecond?: number;
}

/** One client address, across all its connections and reconnects. */
export interface AddressLimitOptions extends RateLimitOptions {
  /** Open sockets from one address. @default 1000 */
  maxConnections?: number;
}

export const DEFAULT_RATE_LIMIT: Required<RateLimitOptions> = {
  burst: 100,
  perSecond: 50,
  burstBytes: 2 * 1024 * 1024,
  bytesPerSecond: 512 * 1024,
};

/** Several users behind one NAT share an address: its budget is that of a few pages. */
export const DEFAULT_ADDRESS_LIMIT: Required<AddressLimitOptions> = {
  burst: 400,
  perSecond: 200,
  burstBytes: 8 * 1024 * 1024,
  bytesPerSecond: 2 * 1024 * 1024,
  maxConnections: 1000,
};

/** Why a message did not fit: too many messages, or too many bytes. */
export type Overrun = "messages" | "bytes";

export interface RateLimiter {
  /** Takes one message of `bytes` from the budget; says what ran out when it does not fit. */
  take(bytes: number): Overrun | undefined;
  /** True while the budget is full again (nothing to remember about the client). */
  idle(): boolean;
}

interface Bucket {
  /** Refills by the time passed; true when `cost` fits. */
  fits(cost: number, at: number): boolean;
  charge(cost: number): void;
  full(at: number): boolean;
}

function createBucket(
  size: number,
  perSecond: number,
  start: number,
  stall: StallMonitor | undefined,
): Bucket {
  let tokens = size;
  let last = start;
  const refill = (at: number) => {
    // Right after a stall, the backlog's own time counts (see stall.ts).
    const cap = size + ((stall?.credit(at) ?? 0) / 1000) * perSecond;
    tokens = Math.min(cap, tokens + ((at - last) / 1000) * perSecond);
    last = at;
  };
  return {
    fits(cost, at) {
      refill(at);
      return tokens >= cost;
    },
    charge(cost) {
      tokens -= cost;
    },
    full(at) {
      refill(at);
      return tokens >= size;
    },
  };
}

/** Two token buckets, messages and bytes: a client must have room in both. */
export function createRateLimiter(
  options: Required<RateLimitOptions>,
  stall?: StallMonitor,
  now: () => number = Date.now,
): RateLimiter {
  const start = now();
  const messages = createBucket(options.burst, options.perSecond, start, stall);
  const bytes = createBucket(
    options.burstBytes,
    options.bytesPerSecond,
    start,
    stall,
  );
  return {
    take(size) {
      const at = now();
      // Both are checked before either is charged: a refusal costs the client nothing.
      if (!messages.fits(1, at)) return "messages";
      if (!bytes.fits(size, at)) return "bytes";
      messages.charge(1);
      bytes.charge(size);
      return undefined;
    },
    idle() {
      const at = now();
      return messages.full(at) && bytes.full(at);
    },
  };
}
