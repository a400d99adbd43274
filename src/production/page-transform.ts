// What `vite preview` and `liveview serve` do to each built page before pages.ts sends it: a
// signed room, then the page's prerender regions.
import { injectRoomToken } from "../room-token.ts";
import type { LiveViewServer } from "../server.ts";
import type { PagesOptions } from "./pages.ts";

/**
 * What each request does to a built page in `vite preview` and `liveview serve`: a fresh signed
 * room (with a room secret), then the prerender regions rendered for this visitor, in that order
 * so a region's handler sees the room the page will join. A page with neither is sent as built.
 */
export function createPageTransform(
  liveview: Pick<LiveViewServer, "prerender">,
  roomSecret: string | false | undefined,
): NonNullable<PagesOptions["transformHtml"]> {
  return async (html, request) => {
    const signed = roomSecret ? injectRoomToken(html, roomSecret) : html;
    const page = await liveview.prerender(signed, request);
    if (page.prerendered) return { html: page.html, noStore: true };
    return roomSecret ? signed : undefined;
  };
}
