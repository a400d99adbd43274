/**
 * The browser events that matter to a socket: the network going away and coming back, the tab
 * becoming visible, and the user acting (a key or a pointer). A socket that gave up retrying tries
 * again on any of them: Django LiveView's client stayed down until a reload.
 */

export interface WakeHandlers {
  online(): void;
  offline(): void;
  /** The tab became visible, or the user pressed a key or a pointer. */
  active(): void;
}

/** Listens on `window` and its document; returns the function that stops listening. */
export function listenForWake(
  window: Window,
  handlers: WakeHandlers,
): () => void {
  const { document } = window;
  const listening = new AbortController();
  const { signal } = listening;
  const active = (): void => handlers.active();
  window.addEventListener("online", () => handlers.online(), { signal });
  window.addEventListener("offline", () => handlers.offline(), { signal });
  document.addEventListener(
    "visibilitychange",
    () => document.visibilityState === "visible" && active(),
    { signal },
  );
  // Capture: a handler that stops propagation must not hide the user's action from us.
  for (const type of ["pointerdown", "keydown"])
    window.addEventListener(type, active, { capture: true, signal });
  return () => listening.abort();
}
