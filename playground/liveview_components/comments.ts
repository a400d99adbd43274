// "Using Custom Data Attributes" (seed 003) and the blog comments system (seed 004):
// data-data-comment-id arrives as content.data.comment_id; `remove` takes the element out.
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { dataInt } from "./_content.ts";
import {
  commentsOf,
  deleteComment,
  findArticle,
  restoreComments,
} from "./_store.ts";

async function renderComments(articleId: number): Promise<string> {
  const article = findArticle(articleId);
  if (!article) return `<p class="error">Article not found</p>`;
  return renderToString("comments/list", {
    article,
    comments: commentsOf(articleId),
  });
}

liveviewHandler("show_comments", async (consumer, content) => {
  send(consumer, {
    target: "#comments",
    html: await renderComments(dataInt(content, "article_id") ?? 0),
  });
});

liveviewHandler("delete_comment", async (consumer, content) => {
  const commentId = dataInt(content, "comment_id") ?? 0;
  const postId = dataInt(content, "post_id") ?? 0;
  if (!deleteComment(commentId)) {
    send(consumer, {
      target: "#comments-error",
      html: "<p>That comment was already deleted.</p>",
    });
    return;
  }
  send(consumer, { target: `#comment-${commentId}`, remove: true });
  const count = commentsOf(postId).length;
  send(consumer, {
    target: "#comment-count",
    html: await renderToString("comments/count", { count }),
  });
});

liveviewHandler("restore_comments", async (consumer, content) => {
  restoreComments();
  send(consumer, {
    target: "#comments",
    html: await renderComments(dataInt(content, "article_id") ?? 0),
  });
  send(consumer, { target: "#comments-error", html: "" });
});
