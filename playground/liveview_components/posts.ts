// "Appending Content to Lists" (seed 003): `append: true` adds the next page under the posts
// already shown. The pager is re-rendered with the following page number, so each click loads
// the next page (the seed's static hidden input would load page 2 forever).
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { dataInt, formText } from "./_content.ts";
import { paginate, posts } from "./_store.ts";

const POSTS_PER_PAGE = 10;

liveviewHandler("load_more_posts", async (consumer, content) => {
  // The first page comes from data-liveview-init (data-data-page), later ones from the pager's field.
  const page =
    dataInt(content, "page") ??
    (Number.parseInt(formText(content, "page"), 10) || 1);
  const { items, isLast } = paginate(posts, page, POSTS_PER_PAGE);
  send(consumer, {
    target: "#posts-container",
    html: await renderToString("posts/list", { posts: items }),
    append: true,
  });
  send(consumer, {
    target: "#posts-pager",
    html: await renderToString("posts/pager", {
      nextPage: page + 1,
      isLast,
      total: posts.length,
    }),
  });
});
