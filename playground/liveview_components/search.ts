// "Real-time Search" with debounce (Django LiveView's docs): the input fires on every keystroke, and
// data-liveview-debounce="500" sends one message once the typing stops.
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";
import { perPage } from "./_per-page.ts";
import { searchArticles } from "./_store.ts";

/** How many searches this page has sent: typing "python" quickly counts once. */
const searchCount = perPage(() => ({ value: 0 }));

liveviewHandler("search_articles", async (consumer, content) => {
  const query = formText(content, "search");
  const count = searchCount(consumer);
  count.value += 1;
  const html = await renderToString("search_results", {
    articles: searchArticles(query),
    query,
    searches: count.value,
  });
  send(consumer, { target: "#search-results", html });
});
