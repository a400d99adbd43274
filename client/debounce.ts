/**
 * `data-liveview-debounce="ms"`: trailing debounce, one timer per trigger element. Each event
 * restarts the element's timer; only the last one within the window fires, and it reads the
 * values the user ended up with.
 */
import { DEBOUNCE_ATTR } from "./attributes.ts";

export interface Debouncer {
  schedule(element: Element, delay: number, fire: () => void): void;
  cancelAll(): void;
}

/** The element's debounce in ms; 0 (send at once) when absent, invalid or not positive. */
export function debounceDelay(element: Element): number {
  const delay = Number.parseInt(element.getAttribute(DEBOUNCE_ATTR) ?? "", 10);
  return Number.isFinite(delay) && delay > 0 ? delay : 0;
}

export function createDebouncer(): Debouncer {
  const timers = new Map<Element, ReturnType<typeof setTimeout>>();
  return {
    schedule(element, delay, fire) {
      clearTimeout(timers.get(element));
      timers.set(
        element,
        setTimeout(() => {
          timers.delete(element);
          fire();
        }, delay),
      );
    },
    cancelAll() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
