// The browser client's own features: a slow save behind data-liveview-disable-with and
// data-liveview-loading-for, keyboard maps (a global Ctrl+S and a list's arrow keys), an inline
// script widget that cleans up after itself, and a panel whose morph leaves a permanent element be.
import {
  liveviewHandler,
  renderToString,
  send,
  type Consumer,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";
import { perPage } from "./_per-page.ts";

/** Long enough to see "Saving…" and the spinner, and to double-click into it. */
const SAVE_MS = 800;

const FOLDERS = ["Inbox", "Drafts", "Archive"];

interface Features {
  notes: string[];
  selected: number;
  widgets: number;
  refreshes: number;
}

const featuresOf = perPage<Features>(() => ({
  notes: [],
  selected: 0,
  widgets: 0,
  refreshes: 0,
}));

liveviewHandler("save_note", async (consumer, content) => {
  await new Promise((resolve) => setTimeout(resolve, SAVE_MS));
  const { notes } = featuresOf(consumer);
  notes.push(formText(content, "note") || "(empty note)");
  send(consumer, {
    target: "#saved-notes",
    html: await renderToString("client_features/notes", { notes }),
  });
});

async function sendFolders(consumer: Consumer, step: number): Promise<void> {
  const features = featuresOf(consumer);
  features.selected = Math.min(
    Math.max(features.selected + step, 0),
    FOLDERS.length - 1,
  );
  send(consumer, {
    target: "#folders",
    html: await renderToString("client_features/listbox", {
      items: FOLDERS,
      selected: features.selected,
    }),
  });
}

liveviewHandler("select_next", (consumer) => sendFolders(consumer, 1));
liveviewHandler("select_previous", (consumer) => sendFolders(consumer, -1));
liveviewHandler("open_folder", (consumer) => {
  const folder = FOLDERS[featuresOf(consumer).selected] ?? "";
  send(consumer, { target: "#opened-folder", html: `Opened ${folder}.` });
});

liveviewHandler("load_widget", async (consumer) => {
  const generation = ++featuresOf(consumer).widgets;
  send(consumer, {
    target: "#widget",
    html: await renderToString("client_features/widget", { generation }),
  });
});

liveviewHandler("refresh_panel", async (consumer) => {
  const refreshes = ++featuresOf(consumer).refreshes;
  send(consumer, {
    target: "#panel",
    html: await renderToString("client_features/panel", { refreshes }),
  });
});
