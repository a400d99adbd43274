/** Runs `task` after `ms` (Django LiveView's background threads); a failure is logged, never unhandled. */
export function later(ms: number, task: () => void | Promise<void>): void {
  setTimeout(() => {
    Promise.resolve()
      .then(task)
      .catch((error: unknown) =>
        console.error("[playground] background task failed:", error),
      );
  }, ms);
}
