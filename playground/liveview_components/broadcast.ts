// "Broadcasting" (Django LiveView's docs): `broadcast: true` reaches every open page. Each notification
// removes itself after a few seconds (Django LiveView's background thread becomes a timer). What people
// type is escaped by the template: broadcasting it to everyone must not run it anywhere.
import { randomUUID } from "node:crypto";
import {
  liveviewHandler,
  renderToString,
  send,
  type Consumer,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";
import { later, notificationTime } from "./_later.ts";

const NOTIFICATION_MS = notificationTime(5000);
const MAX_LENGTH = 200;

async function broadcastNotification(
  consumer: Consumer,
  message: string,
  kind: string,
): Promise<void> {
  const id = randomUUID().replaceAll("-", "");
  const html = await renderToString("notification", { id, message, kind });
  send(
    consumer,
    { target: "#notifications", html, append: true },
    { broadcast: true },
  );
  later(NOTIFICATION_MS, () =>
    send(
      consumer,
      { target: `#notification-${id}`, remove: true },
      { broadcast: true },
    ),
  );
}

liveviewHandler("notify_all", async (consumer, content) => {
  const message = formText(content, "message").slice(0, MAX_LENGTH);
  if (message === "") {
    send(consumer, { target: "#notify-error", html: "Type a message first." });
    return;
  }
  send(consumer, { target: "#notify-error", html: "" });
  await broadcastNotification(consumer, message, "message");
});

liveviewHandler("send_notification", async (consumer) => {
  await broadcastNotification(consumer, "New update available!", "system");
});

// "Use Background Threads for Slow Operations" (Django LiveView's docs): answer at once, finish later.
liveviewHandler("process_data", (consumer) => {
  send(consumer, {
    target: "#status",
    html: `<p class="muted">Processing…</p>`,
  });
  later(1200, () =>
    send(consumer, {
      target: "#status",
      html: "<p>Done: 1,024 rows processed.</p>",
    }),
  );
});
