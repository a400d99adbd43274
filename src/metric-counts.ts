// What a server with metrics on counts as it works: plain numbers per handler, per error code
// and per kind of group message, so a message costs a few additions and no allocation.
import {
  UNKNOWN_FUNCTION,
  type PublishKind,
  type ServerObserver,
} from "./observer.ts";
import { ERROR_CODES, type ErrorCode } from "./protocol.ts";

/** Upper bounds of the handler duration buckets, in seconds: a sync handler takes microseconds. */
export const DURATION_BOUNDS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
  10, 30,
];

export const PUBLISH_KINDS: readonly PublishKind[] = [
  "broadcast",
  "room",
  "event",
  "disconnect",
];

export interface CallStats {
  ok: number;
  error: number;
  /** Calls per duration bucket (not cumulative); the last one is +Inf. */
  buckets: number[];
  /** Seconds, all calls together. */
  sum: number;
}

export interface MetricCounts {
  /** Counts what the server reports. */
  observer: ServerObserver;
  /** Per handler name (registered ones, and UNKNOWN_FUNCTION); `names` get theirs at 0. */
  calls(names: readonly string[]): ReadonlyMap<string, CallStats>;
  readonly errors: Readonly<Record<ErrorCode, number>>;
  readonly published: Readonly<Record<PublishKind, number>>;
}

export function createMetricCounts(): MetricCounts {
  const calls = new Map<string, CallStats>();
  const errors = Object.fromEntries(
    ERROR_CODES.map((code) => [code, 0]),
  ) as Record<ErrorCode, number>;
  const published = Object.fromEntries(
    PUBLISH_KINDS.map((kind) => [kind, 0]),
  ) as Record<PublishKind, number>;
  const statsOf = (name: string): CallStats => {
    let stats = calls.get(name);
    if (!stats) {
      const buckets = Array<number>(DURATION_BOUNDS.length + 1).fill(0);
      stats = { ok: 0, error: 0, buckets, sum: 0 };
      calls.set(name, stats);
    }
    return stats;
  };
  statsOf(UNKNOWN_FUNCTION);

  return {
    observer: {
      opened() {},
      closed() {},
      handled(_consumer, _message, name, code, seconds) {
        const stats = statsOf(name);
        if (code === undefined) stats.ok += 1;
        else {
          stats.error += 1;
          errors[code] += 1;
        }
        let bucket = 0;
        while (
          bucket < DURATION_BOUNDS.length &&
          seconds > DURATION_BOUNDS[bucket]!
        )
          bucket += 1;
        stats.buckets[bucket]! += 1;
        stats.sum += seconds;
      },
      refused(code) {
        errors[code] += 1;
      },
      published(kind) {
        published[kind] += 1;
      },
    },
    calls(names) {
      for (const name of names) statsOf(name);
      return calls;
    },
    errors,
    published,
  };
}
