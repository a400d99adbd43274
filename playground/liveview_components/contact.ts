// "Form Handling" and "Background Email Sending" (Django LiveView's docs), with the form checked
// by a valibot schema: invalid input never reaches the handler, and the page shows each message
// next to its field. Valid input replaces the form with a thank-you and, once the (simulated)
// mail went out, a notification that removes itself.
import { randomUUID } from "node:crypto";
import * as v from "valibot";
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { later, notificationTime } from "./_later.ts";
import { contactMessages } from "./_store.ts";

const NOTIFICATION_MS = notificationTime(3000);

/** The rules of Django LiveView's ContactForm; values arrive trimmed in the handler. */
const ContactForm = v.object({
  name: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(3, "Name must be at least 3 characters"),
  ),
  email: v.pipe(v.string(), v.trim(), v.email("Invalid email address")),
  message: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(10, "Message must be at least 10 characters"),
  ),
});

liveviewHandler(
  "submit_contact",
  { form: ContactForm },
  async (consumer, { form }) => {
    contactMessages.push(form);
    send(consumer, {
      target: "#contact-container",
      html: await renderToString("contact/success", {
        name: form.name,
        message: "Thank you! We'll be in touch.",
      }),
    });
    // Django LiveView's docs send the mail on a thread; here a timer stands in for the mail server.
    later(300, async () => {
      const id = randomUUID().replaceAll("-", "");
      const html = await renderToString("notification", {
        id,
        message: "Message sent successfully!",
      });
      send(consumer, { target: "#notifications", html, append: true });
      later(NOTIFICATION_MS, () =>
        send(consumer, { target: `#notification-${id}`, remove: true }),
      );
    });
  },
);

liveviewHandler("reset_contact", async (consumer) => {
  send(consumer, {
    target: "#contact-container",
    html: await renderToString("contact/form", {}),
  });
});
