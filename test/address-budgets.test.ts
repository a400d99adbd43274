/**
 * The per-address budget's turns: sockets of one address that went over its byte budget are
 * left unread one after another, so together they are read at the address's pace.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAddressBudgets } from "../src/address-budgets.ts";
import { DEFAULT_ADDRESS_LIMIT } from "../src/rate-limit.ts";
import { createStallMonitor } from "../src/stall.ts";

const MiB = 1024 * 1024;

describe("address turns", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const budgets = () => {
    const stall = createStallMonitor();
    const created = createAddressBudgets(
      { ...DEFAULT_ADDRESS_LIMIT, bytesPerSecond: MiB },
      stall,
    );
    return {
      ...created,
      stop() {
        created.stop();
        stall.stop();
      },
    };
  };

  it("queues the sockets of one address behind each other, and no other address behind them", () => {
    const addresses = budgets();
    expect(addresses.turn("10.0.0.1", MiB)).toBe(1000);
    expect(addresses.turn("10.0.0.1", MiB)).toBe(2000);
    expect(addresses.turn("10.0.0.1", MiB / 2)).toBe(2500);
    expect(addresses.turn("10.0.0.2", MiB)).toBe(1000);
    addresses.stop();
  });

  it("counts turns from now once the earlier ones are over, and never waits more than 10 s", () => {
    const addresses = budgets();
    expect(addresses.turn("10.0.0.1", MiB)).toBe(1000);
    vi.advanceTimersByTime(500);
    expect(addresses.turn("10.0.0.1", MiB)).toBe(1500);
    vi.advanceTimersByTime(5000);
    expect(addresses.turn("10.0.0.1", MiB)).toBe(1000);
    for (let i = 0; i < 30; i++) addresses.turn("10.0.0.1", MiB);
    expect(addresses.turn("10.0.0.1", MiB)).toBe(10_000);
    addresses.stop();
  });
});
