// "Error Handling" (Django LiveView's docs) and "Handle Errors Gracefully" (Django LiveView's docs): a handler that expects
// failure answers with a message; one that throws gets an LV_ERR_HANDLER_FAILED frame, its button
// stops waiting, the socket stays open (and in dev Vite's overlay shows the stack).
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { dataInt } from "./_content.ts";
import { findArticle } from "./_store.ts";

class ValidationError extends Error {}

liveviewHandler("load_article", async (consumer, content) => {
  const article = findArticle(dataInt(content, "article_id") ?? 0);
  if (!article) {
    send(consumer, {
      target: "#article-container",
      html: `<p class="error">Article not found</p>`,
    });
    return;
  }
  send(consumer, {
    target: "#article-container",
    html: await renderToString("article_card", { article }),
  });
});

// Django LiveView's important_operation: expected failures say what was wrong, others say sorry.
liveviewHandler("important_operation", (consumer, content) => {
  try {
    if (content.data.mode === "invalid")
      throw new ValidationError("the amount must be a positive number");
    if (content.data.mode === "crash")
      throw new Error("database connection reset");
    send(consumer, {
      target: "#result",
      html: '<p class="success">Success: operation completed.</p>',
    });
  } catch (error) {
    const html =
      error instanceof ValidationError
        ? `<p class="error">Invalid input: ${error.message}</p>`
        : `<p class="error">An unexpected error occurred. Please try again.</p>`;
    send(consumer, { target: "#result", html });
  }
});

liveviewHandler("broken_handler", () => {
  throw new Error("This handler always fails (on purpose)");
});
