// "Using Templates for Complex HTML" (seed 003) and the docs' home page example (seed 001).
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";
import { findPerson, latestArticle } from "./_store.ts";

liveviewHandler("show_profile", async (consumer, content) => {
  const user = findPerson(Number(formText(content, "user_id")));
  const html = user
    ? await renderToString("profile_card", { user, isOnline: user.online })
    : `<p class="error">No such user</p>`;
  send(consumer, { target: "#profile-container", html });
});

liveviewHandler("load_latest_article", async (consumer) => {
  const html = await renderToString("article_card", {
    article: latestArticle(),
  });
  send(consumer, { target: "#article-container", html });
});
