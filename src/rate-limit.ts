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

/**
 * A token bucket. Classes rather than closures: every socket has two of them, and an idle
 * socket's memory is mostly what it carries of such small objects.
 */
class Bucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly size: number,
    private readonly perSecond: number,
    start: number,
    private readonly stall: StallMonitor | undefined,
  ) {
    this.tokens = size;
    this.last = start;
  }

  private refill(at: number): void {
    // Right after a stall, the backlog's own time counts (see stall.ts).
    const cap =
      this.size + ((this.stall?.credit(at) ?? 0) / 1000) * this.perSecond;
    this.tokens = Math.min(
      cap,
      this.tokens + ((at - this.last) / 1000) * this.perSecond,
    );
    this.last = at;
  }

  /** Refills by the time passed; true when `cost` fits. */
  fits(cost: number, at: number): boolean {
    this.refill(at);
    return this.tokens >= cost;
  }

  charge(cost: number): void {
    this.tokens -= cost;
  }

  full(at: number): boolean {
    this.refill(at);
    return this.tokens >= this.size;
  }
}

/** Two token buckets, messages and bytes: a client must have room in both. */
class TwoBuckets implements RateLimiter {
  private readonly messages: Bucket;
  private readonly bytes: Bucket;

  constructor(
    options: Required<RateLimitOptions>,
    stall: StallMonitor | undefined,
    private readonly now: () => number,
  ) {
    const start = now();
    this.messages = new Bucket(options.burst, options.perSecond, start, stall);
    this.bytes = new Bucket(
      options.burstBytes,
      options.bytesPerSecond,
      start,
      stall,
    );
  }

  take(size: number): Overrun | undefined {
    const at = this.now();
    // Both are checked before either is charged: a refusal costs the client nothing.
    if (!this.messages.fits(1, at)) return "messages";
    if (!this.bytes.fits(size, at)) return "bytes";
    this.messages.charge(1);
    this.bytes.charge(size);
    return undefined;
  }

  idle(): boolean {
    const at = this.now();
    return this.messages.full(at) && this.bytes.full(at);
  }
}

export function createRateLimiter(
  options: Required<RateLimitOptions>,
  stall?: StallMonitor,
  now: () => number = Date.now,
): RateLimiter {
  return new TwoBuckets(options, stall, now);
}
