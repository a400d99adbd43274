// "Middleware System" (Django LiveView's docs) and "Registry Management" (Django LiveView's docs).
// The auth middleware cancels every admin_* call from a page that has not signed in; the logging
// middleware records each call. Signing in stores the user on this page's connection
// (consumer.scope.user), which is where the `authenticate` plugin option puts a real user.
import {
  liveviewHandler,
  liveviewRegistry,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";

interface DemoUser {
  name: string;
}

interface Call {
  functionName: string;
  user: string;
}

const MAX_CALLS = 8;
const calls: Call[] = [];

function userOf(scope: { user?: unknown }): DemoUser | undefined {
  const user = scope.user as DemoUser | undefined;
  return user && typeof user.name === "string" ? user : undefined;
}

liveviewRegistry.addMiddleware((consumer, _content, functionName) => {
  if (!functionName.startsWith("admin_") || userOf(consumer.scope)) return true;
  send(consumer, { target: "#error", html: "<p>You must be logged in</p>" });
  return false;
});

liveviewRegistry.addMiddleware((consumer, _content, functionName) => {
  calls.unshift({
    functionName,
    user: userOf(consumer.scope)?.name ?? "anonymous",
  });
  calls.length = Math.min(calls.length, MAX_CALLS);
  return true;
});

liveviewHandler("sign_in", async (consumer, content) => {
  const name = formText(content, "username");
  if (name === "") {
    send(consumer, {
      target: "#error",
      html: "<p>Type a name to sign in.</p>",
    });
    return;
  }
  consumer.scope.user = { name } satisfies DemoUser;
  send(consumer, {
    target: "#session",
    html: await renderToString("session", { user: { name } }),
  });
  send(consumer, { target: "#error", html: "" });
});

liveviewHandler("sign_out", async (consumer) => {
  delete consumer.scope.user;
  send(consumer, {
    target: "#session",
    html: await renderToString("session", { user: undefined }),
  });
  send(consumer, { target: "#admin-panel", html: "" });
});

liveviewHandler("admin_stats", async (consumer) => {
  const html = await renderToString("admin_stats", {
    user: userOf(consumer.scope),
    handlers: liveviewRegistry.listFunctions().length,
  });
  send(consumer, { target: "#admin-panel", html });
  send(consumer, { target: "#error", html: "" });
});

liveviewHandler("show_call_log", async (consumer) => {
  send(consumer, {
    target: "#call-log",
    html: await renderToString("call_log", { calls }),
  });
});

// "Dynamic Handler Registration": the registry's decorator form, without liveviewHandler().
liveviewRegistry.register("dynamic_action")((consumer) => {
  send(consumer, {
    target: "#result",
    html: "<p>Dynamic handler executed!</p>",
  });
});
