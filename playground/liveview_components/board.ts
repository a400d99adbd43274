// A shared task board (per-viewer updates): adding a task publishes an event to the board's
// topic, and each page renders the new task for its own viewer, with a Delete button only for
// the person who added it. A broadcast of one HTML for everyone could not do that.
import {
  join,
  liveviewEvent,
  liveviewHandler,
  publish,
  renderToString,
  send,
  type Consumer,
} from "vite-plugin-liveview/server";
import { dataInt, formText } from "./_content.ts";

const BOARD = "board:1";

interface Task {
  id: number;
  title: string;
  author: string;
}

/** The board's tasks, in this process's memory (a database in a real app). */
const tasks: Task[] = [];
let nextId = 1;
/** Who each page is. */
const viewers = new WeakMap<Consumer, string>();

function renderTask(task: Task, viewer: string | undefined) {
  return renderToString("board/task", {
    task,
    canDelete: task.author === viewer,
  });
}

liveviewHandler("board_open", async (consumer, content) => {
  const viewer =
    consumer.scope.user?.name ??
    (formText(content, "viewer").slice(0, 30) || "Guest");
  viewers.set(consumer, viewer);
  join(consumer, BOARD);
  const rows = await Promise.all(tasks.map((task) => renderTask(task, viewer)));
  send(consumer, { target: "#board-tasks", html: rows.join("") });
  send(consumer, { target: "#board-viewer", html: viewer });
});

liveviewHandler("board_add", async (consumer, content) => {
  const author = viewers.get(consumer);
  const title = formText(content, "title").slice(0, 100);
  if (!author || !title) return;
  const task = { id: nextId++, title, author };
  tasks.push(task);
  // The event carries the task: a page on another process renders it without asking anyone.
  await publish(BOARD, "task_added", task);
});

liveviewHandler("board_delete", async (consumer, content) => {
  const id = dataInt(content, "task_id");
  const index = tasks.findIndex((task) => task.id === id);
  // The server decides, whatever button a page shows: only the author may delete.
  if (index === -1 || tasks[index]!.author !== viewers.get(consumer)) return;
  tasks.splice(index, 1);
  await publish(BOARD, "task_removed", { id });
});

liveviewEvent<Task>("task_added", async (consumer, task) => {
  send(consumer, {
    target: "#board-tasks",
    html: await renderTask(task, viewers.get(consumer)),
    append: true,
  });
});

liveviewEvent<{ id: number }>("task_removed", (consumer, { id }) => {
  send(consumer, { target: `#board-task-${id}`, remove: true });
});
