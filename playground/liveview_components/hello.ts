// The quick start and "Your First Handler" (Django LiveView's docs).
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";

liveviewHandler("say_hello", async (consumer, content) => {
  const html = await renderToString("hello_message", {
    name: formText(content, "name") || "World",
  });
  send(consumer, { target: "#greeting", html });
});

// "Working with Form Data": every field next to the button arrives in content.form.
liveviewHandler("greet_user", async (consumer, content) => {
  const html = await renderToString("greeting", {
    name: formText(content, "name") || "Anonymous",
  });
  send(consumer, { target: "#welcome", html });
});
