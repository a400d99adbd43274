// "Auto-focus" (Django LiveView's docs): the edit form arrives with data-liveview-focus="true" on its
// field, so the caret is there without a click. Also Django LiveView's add_item (append) and delete_item
// ("Handle Errors Gracefully": a missing item gets a message, not an exception).
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { dataInt, formText } from "./_content.ts";
import {
  addTask,
  deleteTask,
  findTask,
  listTasks,
  renameTask,
} from "./_store.ts";

const EMPTY_FORM = `<p class="muted">Pick a task to edit it.</p>`;

liveviewHandler("list_items", async (consumer) => {
  send(consumer, {
    target: "#task-list",
    html: await renderToString("tasks/list", { tasks: listTasks() }),
  });
});

liveviewHandler("open_edit_form", async (consumer, content) => {
  const task = findTask(dataInt(content, "id") ?? 0);
  if (!task) {
    send(consumer, { target: "#task-error", html: "<p>Item not found</p>" });
    return;
  }
  // morph: false, so the form is a new element each time and its field takes the focus again
  // (a morphed field that already had its auto-focus keeps the element, and is not focused twice).
  const html = await renderToString("tasks/edit_form", { task, error: "" });
  send(consumer, { target: "#form-container", html, morph: false });
});

liveviewHandler("save_item", async (consumer, content) => {
  const id = Number.parseInt(formText(content, "id"), 10);
  const title = formText(content, "title");
  const task = findTask(id);
  if (!task) {
    send(consumer, { target: "#task-error", html: "<p>Item not found</p>" });
    return;
  }
  if (title === "") {
    const html = await renderToString("tasks/edit_form", {
      task,
      error: "A task needs a title.",
    });
    send(consumer, { target: "#form-container", html });
    return;
  }
  renameTask(id, title);
  send(consumer, {
    target: `#task-${id}`,
    html: await renderToString("tasks/item_body", { task }),
  });
  send(consumer, { target: "#form-container", html: EMPTY_FORM });
});

liveviewHandler("cancel_edit", (consumer) => {
  send(consumer, { target: "#form-container", html: EMPTY_FORM });
});

liveviewHandler("add_item", async (consumer, content) => {
  const title = formText(content, "new_title");
  if (title === "") return;
  const task = addTask(title);
  send(consumer, {
    target: "#task-list",
    html: await renderToString("tasks/item", { task }),
    append: true,
  });
  // A plain replace (no morph): the field the user typed in must come back empty.
  send(consumer, {
    target: "#add-task",
    html: await renderToString("tasks/add_form", {}),
    morph: false,
  });
});

liveviewHandler("delete_item", (consumer, content) => {
  const id = dataInt(content, "id") ?? 0;
  if (!deleteTask(id)) {
    send(consumer, { target: "#task-error", html: "<p>Item not found</p>" });
    return;
  }
  send(consumer, { target: `#task-${id}`, remove: true });
  send(consumer, { target: "#task-error", html: "" });
});
