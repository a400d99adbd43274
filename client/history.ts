/**
 * Back/Forward for `url` frames. Before a frame changes the page and pushes its URL, the regions
 * that `url` frames have ever targeted are snapshotted (their HTML, plus the title and scroll
 * position) under the current history entry's key; on `popstate` the current page is snapshotted
 * the same way (so Forward works too) and the entry's snapshot is put back. An entry with our key
 * but no snapshot (the page was reloaded since) falls back to a full reload, which the server
 * answers for every URL it hands out. Entries without our key (hash links, other routers) are left
 * to whoever made them. A restore is announced as `liveview:history-restored`.
 */
import { find } from "./apply.ts";
import { HISTORY_STATE_KEY } from "./attributes.ts";
import { emit, HISTORY_RESTORED_EVENT } from "./events.ts";
import { log } from "./log.ts";

export interface LiveHistory {
  /** Runs `change`, then pushes `url`; Back will restore the region `selector` as it was. */
  navigate(url: string, selector: string | undefined, change: () => void): void;
  stop(): void;
}

interface Snapshot {
  title: string;
  scrollY: number;
  regions: Map<string, string>;
}

/** Bounded: each snapshot holds whole regions of HTML. */
const MAX_SNAPSHOTS = 50;

function readKey(state: unknown): string | undefined {
  const key = (state as Record<string, unknown> | null | undefined)?.[
    HISTORY_STATE_KEY
  ];
  return typeof key === "string" ? key : undefined;
}

/** Our key over another router's state object (a state that is not an object is not kept). */
function withKey(state: unknown, key: string): Record<string, unknown> {
  return { ...(typeof state === "object" && state), [HISTORY_STATE_KEY]: key };
}

export function createLiveHistory(
  window: Window,
  restore: (target: Element, html: string) => void,
): LiveHistory {
  const { document, history } = window;
  const snapshots = new Map<string, Snapshot>();
  const regions = new Set<string>();
  // Keys from an earlier life of this page may still sit in the history: a fresh prefix per load
  // keeps them from matching a snapshot of this one.
  const prefix = Math.random().toString(36).slice(2);
  let counter = 0;
  const nextKey = (): string => `${prefix}-${++counter}`;
  let currentKey = nextKey();
  const initialScrollRestoration = history.scrollRestoration;
  history.replaceState(withKey(history.state, currentKey), "");

  function capture(key: string): void {
    const snapshot: Snapshot = {
      title: document.title,
      scrollY: window.scrollY,
      regions: new Map(),
    };
    for (const selector of regions) {
      const element = find(document, selector);
      if (element) snapshot.regions.set(selector, element.innerHTML);
    }
    snapshots.delete(key);
    snapshots.set(key, snapshot);
    // One in, at most one out: the least recently captured.
    if (snapshots.size > MAX_SNAPSHOTS)
      snapshots.delete(snapshots.keys().next().value!);
  }

  function onPopState(event: PopStateEvent): void {
    const key = readKey(event.state);
    if (key === undefined || key === currentKey) return;
    const snapshot = snapshots.get(key);
    if (snapshot === undefined) {
      window.location.reload();
      return;
    }
    capture(currentKey);
    currentKey = key;
    for (const [selector, html] of snapshot.regions) {
      const element = find(document, selector);
      if (element) restore(element, html);
    }
    document.title = snapshot.title;
    window.scrollTo(0, snapshot.scrollY);
    emit(document, HISTORY_RESTORED_EVENT, { url: window.location.href });
  }

  window.addEventListener("popstate", onPopState);

  return {
    navigate(url, selector, change) {
      if (selector) regions.add(selector);
      capture(currentKey);
      change();
      const key = nextKey();
      try {
        history.pushState(withKey(null, key), "", url);
      } catch (error) {
        log.error(`cannot push the URL "${url}":`, error);
        return;
      }
      currentKey = key;
      // We put the scroll position back ourselves, after the content it depends on.
      history.scrollRestoration = "manual";
    },
    stop() {
      window.removeEventListener("popstate", onPopState);
      if (initialScrollRestoration)
        history.scrollRestoration = initialScrollRestoration;
    },
  };
}
