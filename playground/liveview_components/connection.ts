// "Message Queue System" (seed 002): a click while the connection is down waits in the client's
// queue and is sent once the socket is back.
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";
import { drafts } from "./_store.ts";

liveviewHandler("save_draft", async (consumer, content) => {
  const draft = formText(content, "draft") || "(empty draft)";
  drafts.push(draft);
  const html = await renderToString("draft", {
    draft,
    savedAt: new Date().toISOString().slice(11, 19),
  });
  send(consumer, { target: "#drafts", html, append: true });
});
