// "Removing Elements from the DOM" (seed 003): Dismiss archives the notification and removes it.
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { dataInt } from "./_content.ts";
import {
  activeNotifications,
  archiveNotification,
  restoreNotifications,
} from "./_store.ts";

async function renderInbox(): Promise<string> {
  return renderToString("inbox/list", { notifications: activeNotifications() });
}

liveviewHandler("show_inbox", async (consumer) => {
  send(consumer, { target: "#inbox", html: await renderInbox() });
});

liveviewHandler("archive_notification", async (consumer, content) => {
  const notificationId = dataInt(content, "notification_id") ?? 0;
  if (archiveNotification(notificationId)) {
    send(consumer, { target: `#notification-${notificationId}`, remove: true });
  }
  const count = activeNotifications().length;
  send(consumer, {
    target: "#inbox-summary",
    html: await renderToString("inbox/summary", { count }),
  });
});

liveviewHandler("restore_notifications", async (consumer) => {
  restoreNotifications();
  send(consumer, { target: "#inbox", html: await renderInbox() });
});
