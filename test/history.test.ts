/**
 * The in-memory history a reconnecting page catches up from: bounded by count, by age and by
 * number of topics, so a publish storm cannot grow memory, and never silently skipping what a
 * page missed when a bound dropped it (the page is told to resync instead).
 */
import { describe, expect, it } from "vitest";
import { createMemoryHistory } from "../src/history.ts";

describe("the in-memory history", () => {
  it("keeps the last maxEntries of a topic through a storm, and knows when a page is past them", () => {
    const history = createMemoryHistory({ maxEntries: 100, maxAgeMs: 60_000 });
    const start = history.head("storm");
    let tenthLast = "";
    for (let n = 1; n <= 100_000; n++) {
      const position = history.append("storm", `m${n}`);
      if (n === 99_990) tenthLast = position;
    }
    expect(history.since("storm", start)).toEqual({
      complete: false,
      entries: [],
    });
    const recent = history.since("storm", tenthLast);
    expect(recent.complete).toBe(true);
    expect(recent.entries.map((entry) => entry.payload)).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${99_991 + i}`),
    );
  });

  it("drops what is older than maxAgeMs", () => {
    let clock = 1_000;
    const history = createMemoryHistory(
      { maxEntries: 1000, maxAgeMs: 5_000 },
      () => clock,
    );
    const first = history.append("t", "old");
    const second = history.append("t", "older than the page");
    clock += 6_000;
    history.append("t", "new");
    expect(history.since("t", first).complete).toBe(false);
    expect(history.since("t", second)).toMatchObject({
      complete: true,
      entries: [{ payload: "new" }],
    });
  });

  it("makes room for new topics by dropping the least recently written, and a page of a dropped topic resyncs", () => {
    const history = createMemoryHistory({ maxEntries: 10, maxAgeMs: 60_000 });
    const seen = history.append("chat", "seen by the page");
    history.append("chat", "missed by the page");
    // 10,000 other topics push "chat" out; then it is written again.
    for (let n = 0; n < 10_000; n++) history.append(`topic-${n}`, "x");
    history.append("chat", "after it came back");
    expect(history.since("chat", seen)).toEqual({
      complete: false,
      entries: [],
    });
    // A page that joins now is told nothing is missing, and gets what follows.
    const joined = history.head("chat");
    history.append("chat", "next");
    expect(history.since("chat", joined)).toMatchObject({
      complete: true,
      entries: [{ payload: "next" }],
    });
    // A topic first written after the drop: a page that joined it before its first message
    // missed nothing.
    const early = history.head("fresh");
    history.append("fresh", "first");
    expect(history.since("fresh", early)).toMatchObject({
      complete: true,
      entries: [{ payload: "first" }],
    });
  });
});
