/**
 * `data-liveview-intersect-appear|disappear="fn"`: calls `fn` when the element enters or leaves the
 * viewport grown by `data-liveview-intersect-threshold` pixels (IntersectionObserver rootMargin;
 * one observer per margin). Appear fires on each outside -> inside change; disappear only after the
 * element was inside (an observer's first report for an off-screen element is not a "leave": the
 * original fired disappear handlers at load for those).
 */
import {
  INTERSECT_APPEAR_ATTR,
  INTERSECT_DISAPPEAR_ATTR,
  INTERSECT_THRESHOLD_ATTR,
} from "./attributes.ts";
import { log } from "./log.ts";

export interface IntersectWatcher {
  /** Starts watching (no-op when already watched with the same margin). */
  watch(element: Element): void;
  /** Starts over as if the element had just appeared (its attributes changed, e.g. by a morph). */
  rearm(element: Element): void;
  unwatch(element: Element): void;
  /** Stops watching elements that left the page. */
  unwatchDetached(): void;
  stop(): void;
}

export type IntersectionObserverConstructor = typeof IntersectionObserver;

interface Watched {
  margin: string;
  inside: boolean;
}

/** `"200"` -> `"200px"`; a value that already has a unit (`"10%"`, `"5px"`) is kept. */
export function rootMarginOf(element: Element): string {
  const raw = element.getAttribute(INTERSECT_THRESHOLD_ATTR)?.trim() ?? "";
  if (/^-?\d+(\.\d+)?(px|%)$/.test(raw)) return raw;
  const pixels = Number.parseFloat(raw);
  return `${Number.isFinite(pixels) ? pixels : 0}px`;
}

export function createIntersectWatcher(
  trigger: (element: Element, fn: string) => void,
  Observer:
    | IntersectionObserverConstructor
    | undefined = globalThis.IntersectionObserver,
): IntersectWatcher {
  const observers = new Map<string, IntersectionObserver>();
  const watched = new Map<Element, Watched>();
  let warned = false;

  function report(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const state = watched.get(entry.target);
      if (state === undefined || entry.isIntersecting === state.inside)
        continue;
      state.inside = entry.isIntersecting;
      const attribute = state.inside
        ? INTERSECT_APPEAR_ATTR
        : INTERSECT_DISAPPEAR_ATTR;
      const fn = entry.target.getAttribute(attribute)?.trim();
      if (fn) trigger(entry.target, fn);
    }
  }

  function observerFor(margin: string): IntersectionObserver | undefined {
    if (Observer === undefined) {
      if (!warned)
        log.warn("no IntersectionObserver: intersect triggers are off");
      warned = true;
      return undefined;
    }
    let observer = observers.get(margin);
    if (observer === undefined) {
      observer = new Observer(report, { rootMargin: margin, threshold: 0 });
      observers.set(margin, observer);
    }
    return observer;
  }

  function unwatch(element: Element): void {
    const state = watched.get(element);
    if (state === undefined) return;
    watched.delete(element);
    observers.get(state.margin)?.unobserve(element);
  }

  function watch(element: Element): void {
    const margin = rootMarginOf(element);
    if (watched.get(element)?.margin === margin) return;
    unwatch(element);
    const observer = observerFor(margin);
    if (observer === undefined) return;
    watched.set(element, { margin, inside: false });
    observer.observe(element);
  }

  return {
    watch,
    rearm(element) {
      unwatch(element);
      watch(element);
    },
    unwatch,
    unwatchDetached() {
      for (const element of [...watched.keys()])
        if (!element.isConnected) unwatch(element);
    },
    stop() {
      for (const observer of observers.values()) observer.disconnect();
      observers.clear();
      watched.clear();
    },
  };
}
