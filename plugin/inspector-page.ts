// The dev inspector's HTML: the page itself (a LiveView page like any other) and the fragments
// its handlers send. Everything shown is escaped: room names, users and summaries come from pages.
import {
  MAX_FRAMES,
  type ConnectionRecord,
  type FrameRecord,
} from "../src/internal.ts";

export interface HandlerEntry {
  name: string;
  file: string | undefined;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escape(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

function clock(time: number): string {
  return new Date(time).toISOString().slice(11, 23);
}

function table(head: string[], rows: string[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escape(empty)}</p>`;
  const cells = head.map((cell) => `<th>${escape(cell)}</th>`).join("");
  return `<table><thead><tr>${cells}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function renderHandlers(handlers: readonly HandlerEntry[]): string {
  const rows = [...handlers]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(
      ({ name, file }) =>
        `<tr data-handler="${escape(name)}"><td><code>${escape(name)}</code></td><td>${escape(file ?? "")}</td></tr>`,
    );
  return table(["handler", "file"], rows, "No handler is registered.");
}

export function renderConnections(
  connections: readonly ConnectionRecord[],
): string {
  const rows = connections.map(
    (connection) =>
      `<tr data-connection="${escape(connection.id)}"><td><code>${escape(connection.id.slice(0, 8))}</code></td>` +
      `<td data-room>${escape(connection.room)}</td><td>${escape(connection.topics.join(", "))}</td>` +
      `<td>${escape(connection.user ?? "")}</td><td>${escape(connection.address)}</td>` +
      `<td>${escape(clock(connection.since))}</td></tr>`,
  );
  return table(
    ["page", "room", "topics", "user", "address", "since"],
    rows,
    "No page is connected.",
  );
}

export function renderFrames(frames: readonly FrameRecord[]): string {
  // Newest first, as a log being watched reads best.
  const rows = [...frames].reverse().map((frame) => {
    const handler =
      frame.handlerMs === undefined ? "" : `${frame.handlerMs.toFixed(2)} ms`;
    return (
      `<tr data-direction="${frame.direction}" data-summary="${escape(frame.summary)}"${frame.code ? ` data-code="${escape(frame.code)}"` : ""}>` +
      `<td>${escape(clock(frame.time))}</td><td>${frame.direction === "in" ? "→ in" : "← out"}</td>` +
      `<td><code>${escape(frame.connection.slice(0, 8))}</code> ${escape(frame.room)}</td>` +
      `<td><code>${escape(frame.summary)}</code>${frame.code ? ` <strong>${escape(frame.code)}</strong>` : ""}</td>` +
      `<td class="number">${frame.bytes} B</td><td class="number">${handler}</td></tr>`
    );
  });
  return table(
    ["time", "", "page", "frame", "size", "handler"],
    rows,
    "No frame yet: use a page of the app in another tab.",
  );
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1b1f24; }
header { display: flex; gap: 1rem; align-items: center; padding: .75rem 1.25rem; background: #1b1f24; color: #fff; }
header h1 { font-size: 1rem; margin: 0; flex: 1; }
main { padding: 0 1.25rem 2rem; }
h2 { font-size: .95rem; margin: 1.25rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
th { font-weight: 600; color: #59636e; }
td.number { text-align: right; white-space: nowrap; }
tr[data-direction="in"] { background: #f3f8ff; }
tr[data-code] strong { color: #b42318; }
.empty { color: #59636e; }
`;

/** What the page shows when it is sent; its client keeps it current from then on. */
export interface InspectorSections {
  handlers: string;
  connections: string;
  frames: string;
}

/** The inspector's page: its client connects to the inspector's own endpoint. */
export function inspectorPage(
  clientUrl: string,
  sections: InspectorSections,
): string {
  return `<!doctype html>
<html lang="en" data-room="liveview-inspector">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>LiveView inspector</title>
    <link rel="icon" href="data:," />
    <style>${STYLE}</style>
  </head>
  <body data-controller="page">
    <header>
      <h1>LiveView inspector</h1>
      <button data-liveview-function="inspector_clear" data-action="click->page#run">Clear frames</button>
    </header>
    <main data-liveview-init="inspector_open">
      <h2>Handlers</h2>
      <div id="lv-handlers">${sections.handlers}</div>
      <h2>Connections</h2>
      <div id="lv-connections">${sections.connections}</div>
      <h2>Last ${MAX_FRAMES} frames</h2>
      <div id="lv-frames">${sections.frames}</div>
    </main>
    <script type="module" src="${escape(clientUrl)}"></script>
  </body>
</html>
`;
}
