// "Form Handling", "Real-time Validation" and "Background Email Sending" (Django LiveView's docs): each
// field is checked when it loses focus; Send re-renders the form with its errors, or replaces it
// with a thank-you and, once the (simulated) mail went out, a notification that removes itself.
import { randomUUID } from "node:crypto";
import {
  liveviewHandler,
  renderToString,
  send,
  type Content,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";
import { later, notificationTime } from "./_later.ts";
import { contactMessages } from "./_store.ts";

const FIELDS = ["name", "email", "message"] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field, string>>;

const NOTIFICATION_MS = notificationTime(3000);

function isField(name: string): name is Field {
  return (FIELDS as readonly string[]).includes(name);
}

/** The rules of Django LiveView's ContactForm; undefined when the value is fine. */
function validate(field: Field, value: string): string | undefined {
  if (field === "name" && value.length < 3)
    return "Name must be at least 3 characters";
  if (field === "email" && !/^[^\s@]+@[^\s@]+$/.test(value))
    return "Invalid email address";
  if (field === "message" && value.length < 10)
    return "Message must be at least 10 characters";
  return undefined;
}

function readForm(content: Content): Record<Field, string> {
  return {
    name: formText(content, "name"),
    email: formText(content, "email"),
    message: formText(content, "message"),
  };
}

liveviewHandler("validate_field", async (consumer, content) => {
  const field = content.data.field ?? "";
  if (!isField(field)) return;
  const error = validate(field, formText(content, field));
  send(consumer, {
    target: `#error-${field}`,
    html: await renderToString("contact/field_status", { error }),
  });
});

liveviewHandler("submit_contact", async (consumer, content) => {
  const values = readForm(content);
  const errors: Errors = {};
  for (const field of FIELDS) {
    const error = validate(field, values[field]);
    if (error) errors[field] = error;
  }
  if (Object.keys(errors).length > 0) {
    send(consumer, {
      target: "#contact-container",
      html: await renderToString("contact/form", { values, errors }),
    });
    return;
  }
  contactMessages.push(values);
  send(consumer, {
    target: "#contact-container",
    html: await renderToString("contact/success", {
      name: values.name,
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
});

liveviewHandler("reset_contact", async (consumer) => {
  const values = { name: "", email: "", message: "" };
  send(consumer, {
    target: "#contact-container",
    html: await renderToString("contact/form", { values, errors: {} }),
  });
});
