/**
 * A call with a deadline. The links are the list's own: a call that settles unlinks itself
 * without hashing anything (a Map keyed by a fresh closure per call cost more than the rest of
 * the bookkeeping), and the call itself is the entry, so a deadline allocates nothing.
 */
export abstract class DeadlineTask {
  due = 0;
  prev: DeadlineTask | null = null;
  next: DeadlineTask | null = null;
  /** Called once if the task was not finished within the timeout. */
  abstract onLate(): void;
}

/** One timer for every running handler's deadline, instead of one timer per message. */
export interface Deadlines {
  start(task: DeadlineTask): void;
  /** The task settled in time (or was failed already): it is forgotten. */
  finish(task: DeadlineTask): void;
  stop(): void;
}

class Head extends DeadlineTask {
  onLate(): void {}
}

/**
 * A handler that never settles would hold its page's queue forever. Each asynchronous call is
 * given a deadline; one sweep, a few times per timeout, fails the late ones. Nothing is
 * scheduled while no handler is running.
 */
export function createDeadlines(
  timeoutMs: number,
  now: () => number = Date.now,
): Deadlines {
  // In the order the calls started, so in the order of their deadlines: a sweep stops at the
  // first call still in time.
  const head = new Head();
  head.prev = head.next = head;
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  const finish = (task: DeadlineTask) => {
    if (!task.prev) return;
    task.prev.next = task.next;
    task.next!.prev = task.prev;
    task.prev = task.next = null;
    count -= 1;
  };
  const sweep = () => {
    const at = now();
    while (head.next !== head && head.next!.due <= at) {
      const late = head.next!;
      finish(late);
      late.onLate();
    }
    if (count === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  return {
    start(task) {
      task.due = now() + timeoutMs;
      task.prev = head.prev;
      task.next = head;
      head.prev!.next = task;
      head.prev = task;
      count += 1;
      if (!timer) {
        timer = setInterval(sweep, Math.max(10, Math.min(1000, timeoutMs / 4)));
        timer.unref();
      }
    },
    finish,
    stop() {
      clearInterval(timer);
      timer = undefined;
      while (head.next !== head) finish(head.next!);
    },
  };
}
