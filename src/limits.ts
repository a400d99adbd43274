import {
  DEFAULT_ADDRESS_LIMIT,
  DEFAULT_RATE_LIMIT,
  type AddressLimitOptions,
  type RateLimitOptions,
} from "./rate-limit.ts";
import { DEFAULT_LIMITS, type MessageLimits } from "./shape.ts";

/** The options that bound what one client, or all of them, can make the server do. */
export interface LimitOptions {
  /** Largest accepted frame; larger ones get LV_ERR_TOO_LARGE. @default 1048576 (1 MiB) */
  maxMessageBytes?: number;
  /** Shape of a message: entries per object, depth, string length, checked before parsing. */
  messageLimits?: MessageLimits;
  /** Per-connection budget, or false to turn it off. @default { burst: 100, perSecond: 50, burstBytes: 2 MiB, bytesPerSecond: 512 KiB } */
  rateLimit?: RateLimitOptions | false;
  /** Per client address, across its sockets and reconnects, or false. @default { burst: 400, perSecond: 200, burstBytes: 8 MiB, bytesPerSecond: 2 MiB, maxConnections: 1000 } */
  addressLimit?: AddressLimitOptions | false;
  /** Open sockets on this server; more are refused with 503. @default 20000 */
  maxConnections?: number;
  /** Bytes of messages waiting behind a slow handler, per socket. @default 4194304 (4 MiB) */
  maxQueuedBytes?: number;
  /** A handler that has not settled by then fails with LV_ERR_HANDLER_FAILED. @default 30000 */
  handlerTimeoutMs?: number;
}

export interface ResolvedLimits {
  maxMessageBytes: number;
  messageLimits: Required<MessageLimits>;
  rateLimit: Required<RateLimitOptions> | false;
  addressLimit: Required<AddressLimitOptions> | false;
  maxConnections: number;
  maxQueuedBytes: number;
  handlerTimeoutMs: number;
}

function positive(name: string, value: number): number {
  if (!(value > 0)) {
    throw new TypeError(
      `liveview option "${name}" must be a positive number, got ${value}`,
    );
  }
  return value;
}

/** Each given field over its default, every one checked. */
function merge<T extends Record<string, number>>(
  name: string,
  defaults: T,
  given: Partial<T> | undefined,
): T {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const value = given?.[key];
    if (value !== undefined)
      out[key] = positive(`${name}.${key}`, value) as T[typeof key];
  }
  return out;
}

export function resolveLimits(options: LimitOptions): ResolvedLimits {
  const maxMessageBytes = positive(
    "maxMessageBytes",
    options.maxMessageBytes ?? 1024 * 1024,
  );
  const rateLimit =
    options.rateLimit === false
      ? false
      : merge("rateLimit", DEFAULT_RATE_LIMIT, options.rateLimit);
  // A single message of the largest size must fit in a full byte budget.
  if (rateLimit)
    rateLimit.burstBytes = Math.max(rateLimit.burstBytes, maxMessageBytes);
  const addressLimit =
    options.addressLimit === false
      ? false
      : merge("addressLimit", DEFAULT_ADDRESS_LIMIT, options.addressLimit);
  if (addressLimit)
    addressLimit.burstBytes = Math.max(
      addressLimit.burstBytes,
      maxMessageBytes,
    );
  return {
    maxMessageBytes,
    messageLimits: merge(
      "messageLimits",
      DEFAULT_LIMITS,
      options.messageLimits,
    ),
    rateLimit,
    addressLimit,
    maxConnections: positive(
      "maxConnections",
      options.maxConnections ?? 20_000,
    ),
    maxQueuedBytes: positive(
      "maxQueuedBytes",
      options.maxQueuedBytes ?? 4 * 1024 * 1024,
    ),
    handlerTimeoutMs: positive(
      "handlerTimeoutMs",
      options.handlerTimeoutMs ?? 30_000,
    ),
  };
}
