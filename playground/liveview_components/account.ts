// The server entry's pages: the account page's handlers read the user that `authenticate`
// (liveview.server.ts) put on the socket, and refuse to run without one.
import {
  liveviewHandler,
  liveviewRegistry,
  renderToString,
  send,
} from "vite-plugin-liveview/server";

/** Notes per user name, in this process's memory (a database in a real app). */
const notes = new Map<string, string[]>();

liveviewRegistry.addMiddleware((consumer, _content, functionName) => {
  if (!functionName.startsWith("account_") || consumer.scope.user) return;
  send(consumer, {
    target: "#account-error",
    html: "<p>Your session has ended. Sign in again.</p>",
  });
  return false;
});

async function showNotes(consumer: Parameters<typeof send>[0], name: string) {
  send(consumer, {
    target: "#account-notes",
    html: await renderToString("account/notes", {
      notes: notes.get(name) ?? [],
    }),
  });
}

liveviewHandler("account_profile", async (consumer) => {
  const name = consumer.scope.user?.name ?? "";
  send(consumer, {
    target: "#account-user",
    html: await renderToString("account/profile", { name, pid: process.pid }),
  });
  await showNotes(consumer, name);
});

liveviewHandler("account_add_note", async (consumer, content) => {
  const name = consumer.scope.user?.name ?? "";
  const text =
    typeof content.form.note === "string" ? content.form.note.trim() : "";
  if (text) notes.set(name, [...(notes.get(name) ?? []), text.slice(0, 200)]);
  await showNotes(consumer, name);
});
