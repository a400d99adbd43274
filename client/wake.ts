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
  // Capture: a handler that stops propagation must not hide the user's action from us.
  const options = { capture: true, signal: listening.signal };
  const active = (): void => handlers.active();
  window.addEventListener("online", () => handlers.online(), options);
  window.addEventListener("offline", () => handlers.offline(), options);
  document.addEventListener(
    "visibilitychange",
    () => document.visibilityState === "visible" && active(),
    options,
  );
  for (const type of ["pointerdown", "keydown"])
    window.addEventListener(type, active, options);
  return () => listening.abort();
}
