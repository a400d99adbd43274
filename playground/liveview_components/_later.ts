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

/**
 * How long a notification stays on screen: `ms`, unless PLAYGROUND_NOTIFICATION_MS says
 * otherwise (the browser tests shorten it so they do not sit waiting).
 */
export function notificationTime(ms: number): number {
  const fromEnv = Number(process.env.PLAYGROUND_NOTIFICATION_MS);
  return fromEnv > 0 ? fromEnv : ms;
}
