/**
 * The page's place in each group it hears through (its room, the topics server code joined it
 * to, every page): the position of the last message it got from each. What a group sends comes
 * wrapped as `{t: group, p: position, f: frame}`, or as a bare `{t, p}` when only the place
 * moved (a join, an event, `resync`). After a reconnect the page says where it was (`?resume=`)
 * and the server sends what it missed, once each, in order.
 */
import { RESUME_QUERY_PARAM } from "./attributes.ts";

/** Places a page remembers: a reconnect URL stays short. */
const MAX_PLACES = 50;

export interface Places {
  /** The query that asks for what was missed (empty on the first connect). */
  query(reconnecting: boolean): string;
  /**
   * Records the place a frame carries and returns the frame to apply: the inner one of a group
   * frame, null for a bare position, the frame itself otherwise. Calls `resync` when the server
   * could not replay a group.
   */
  read(frame: unknown, resync: () => void): unknown;
}

export function createPlaces(): Places {
  const places = new Map<string, string>();
  return {
    query(reconnecting) {
      const value = reconnecting
        ? encodeURIComponent(JSON.stringify(Object.fromEntries(places)))
        : "";
      return `${RESUME_QUERY_PARAM}=${value}`;
    },
    read(frame, resync) {
      const {
        t,
        p,
        f,
        resync: lost,
      } = (frame ?? {}) as Record<string, unknown>;
      if (typeof t !== "string") return frame;
      if (typeof p === "string") {
        places.delete(t);
        places.set(t, p);
        if (places.size > MAX_PLACES)
          places.delete(places.keys().next().value!);
      }
      if (lost) resync();
      return f ?? null;
    },
  };
}
