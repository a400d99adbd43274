import { afterEach, describe, expect, it, vi } from "vitest";
import { createDeadlines, DeadlineTask } from "../src/deadlines.ts";

class Task extends DeadlineTask {
  late = 0;
  onLate(): void {
    this.late += 1;
  }
}

describe("handler deadlines", () => {
  afterEach(() => vi.useRealTimers());

  it("fails only the calls still running at their deadline, each once, and forgets settled ones", () => {
    vi.useFakeTimers();
    const deadlines = createDeadlines(1000, () => Date.now());
    const settled = new Task();
    const early = new Task();
    deadlines.start(settled);
    deadlines.start(early);
    vi.advanceTimersByTime(500);
    const later = new Task();
    deadlines.start(later);
    deadlines.finish(settled);
    deadlines.finish(settled);
    vi.advanceTimersByTime(750);
    expect([settled.late, early.late, later.late]).toEqual([0, 1, 0]);
    vi.advanceTimersByTime(1000);
    expect([settled.late, early.late, later.late]).toEqual([0, 1, 1]);
    // Nothing running: no timer left behind.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stop() forgets every running call without failing it", () => {
    vi.useFakeTimers();
    const deadlines = createDeadlines(100, () => Date.now());
    const tasks = [new Task(), new Task()];
    for (const task of tasks) deadlines.start(task);
    deadlines.stop();
    deadlines.finish(tasks[0]!);
    vi.advanceTimersByTime(1000);
    expect(tasks.map((task) => task.late)).toEqual([0, 0]);
    expect(vi.getTimerCount()).toBe(0);
    // Usable again after a stop.
    deadlines.start(tasks[1]!);
    vi.advanceTimersByTime(200);
    expect(tasks[1]!.late).toBe(1);
  });
});
