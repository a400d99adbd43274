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

const USER_ACTION_EVENTS = ["pointerdown", "keydown"] as const;

/** Listens on `window` and its document; returns the function that stops listening. */
export function listenForWake(
  window: Window,
  handlers: WakeHandlers,
): () => void {
  const { document } = window;
  const online = (): void => handlers.online();
  const offline = (): void => handlers.offline();
  const active = (): void => handlers.active();
  const visibility = (): void => {
    if (document.visibilityState === "visible") handlers.active();
  };
  window.addEventListener("online", online);
  window.addEventListener("offline", offline);
  document.addEventListener("visibilitychange", visibility);
  // Capture: a handler that stops propagation must not hide the user's action from us.
  for (const type of USER_ACTION_EVENTS)
    window.addEventListener(type, active, true);
  return () => {
    window.removeEventListener("online", online);
    window.removeEventListener("offline", offline);
    document.removeEventListener("visibilitychange", visibility);
    for (const type of USER_ACTION_EVENTS)
      window.removeEventListener(type, active, true);
  };
}
