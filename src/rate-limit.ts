export interface RateLimitOptions {
  /** Messages a client may send at once. @default 100 */
  burst?: number;
  /** Messages per second a client may keep sending. @default 50 */
  perSecond?: number;
}

export interface RateLimiter {
  /** Takes one message from the budget; false when the client is over it. */
  take(): boolean;
}

/** A token bucket: `burst` tokens, refilled at `perSecond`. */
export function createRateLimiter(
  options: Required<RateLimitOptions>,
  now: () => number = Date.now,
): RateLimiter {
  let tokens = options.burst;
  let last = now();
  return {
    take() {
      const at = now();
      tokens = Math.min(
        options.burst,
        tokens + ((at - last) / 1000) * options.perSecond,
      );
      last = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
