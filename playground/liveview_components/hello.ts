import { liveviewHandler, renderToString, send } from "vite-plugin-liveview/server";

liveviewHandler("say_hello", async (consumer, content) => {
  const name = typeof content.form.name === "string" && content.form.name.trim() ? content.form.name.trim() : "World";
  const html = await renderToString("hello_message", { name });
  send(consumer, { target: "#greeting", html });
});
