// "Intersection Observer (Infinite Scroll)" (Django LiveView's docs): the sentinel under the list
// calls load_more when it comes within data-liveview-intersect-threshold pixels of the viewport;
// the answer appends the page and puts a sentinel for the next page in its place.
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { dataInt } from "./_content.ts";
import { perPage } from "./_per-page.ts";
import { feedItems, paginate } from "./_store.ts";

const ITEMS_PER_PAGE = 10;

/** The last page each open page received: a sentinel seen twice must not append a page twice. */
const lastPage = perPage(() => ({ value: 0 }));

liveviewHandler("load_more", async (consumer, content) => {
  const page = dataInt(content, "page") ?? 1;
  const served = lastPage(consumer);
  if (page <= served.value) return;
  served.value = page;
  const { items, isLast } = paginate(feedItems, page, ITEMS_PER_PAGE);
  send(consumer, {
    target: "#items-list",
    html: await renderToString("feed/items", { items }),
    append: true,
  });
  send(consumer, {
    target: "#load-more-trigger",
    html: await renderToString("feed/trigger", {
      nextPage: page + 1,
      isLast,
      total: feedItems.length,
    }),
  });
});

// data-liveview-intersect-appear / -disappear on the same element (Django LiveView's pause_video).
liveviewHandler("play_video", (consumer) => {
  send(consumer, { target: "#video-status", html: "Playing" });
});

liveviewHandler("pause_video", (consumer) => {
  send(consumer, { target: "#video-status", html: "Paused while out of view" });
});
