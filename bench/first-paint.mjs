// Server-rendered first paint: a page with three prerendered regions (each an eta template of 20
// rows, rendered by its init handler on every request) against the same page as built with the
// rows already in it, both from one `liveview serve` pinned to core 0, the load on core 1:
// requests/s, p50 and p99 with 50 keep-alive connections, then p50 with one connection (the time
// a page takes when nothing queues). Median of --runs runs with min-max.
// Usage: node bench/first-paint.mjs [--runs N] [--seconds S]   (needs `npm run build` first)
import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Eta } from "eta";
import { freePort, startPinned } from "./lib/procs.mjs";
import { spread } from "./lib/stats.mjs";

const { values } = parseArgs({
  options: { runs: { type: "string" }, seconds: { type: "string" } },
});
const runs = Number(values.runs ?? 3);
const seconds = values.seconds ?? "5";
const here = import.meta.dirname;
const repo = join(here, "..");
const SERVER_CORE = 0;
const LOAD_CORE = cpus().length > 1 ? 1 : 0;

const ROWS_TEMPLATE = `<table class="rows">
  <tbody>
<% it.rows.forEach((row) => { %>
    <tr id="row-<%= it.region %>-<%= row.id %>">
      <td><%= row.id %></td>
      <td><%= row.title %></td>
      <td><%= row.owner %></td>
      <td><button class="button" data-liveview-function="open_row" data-data-id="<%= row.id %>" data-action="click->page#run">Open</button></td>
    </tr>
<% }) %>
  </tbody>
</table>
`;
const ROWS = Array.from({ length: 20 }, (_, i) => ({
  id: i + 1,
  title: `Task ${i + 1}: write & measure`,
  owner: ["Ada", "Grace", "Alan"][i % 3],
}));
const HANDLER = `import { liveviewHandler, renderToString, send } from "vite-plugin-liveview/server";

const ROWS = ${JSON.stringify(ROWS)};

liveviewHandler("load_rows", async (consumer, content) => {
  const region = content.data.region;
  send(consumer, {
    target: "#region-" + region,
    html: await renderToString("rows", { rows: ROWS, region }),
  });
});
`;
const REGIONS = ["a", "b", "c"];

/** The page; `rendered` fills each region the way the handler would. */
function page(rendered) {
  const regions = REGIONS.map((region) => {
    const attributes = rendered
      ? `data-liveview-init="load_rows" data-liveview-prerendered`
      : `data-liveview-init="load_rows" data-liveview-prerender`;
    const content = rendered ? rendered(region) : "<p>Loading…</p>";
    return `      <section id="region-${region}" ${attributes} data-data-region="${region}">${content}</section>`;
  }).join("\n");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Rows · first paint bench</title>
  </head>
  <body data-controller="page">
    <div id="no-connection" class="no-connection no-connection--hide" role="alert">Connection lost. Reconnecting…</div>
    <header class="topbar"><a class="brand" href="/">bench</a></header>
    <main class="page">
      <h1>Three regions</h1>
${regions}
    </main>
  </body>
</html>
`;
}

// The app, in a temporary folder whose node_modules is this repository's (the server bundle
// resolves its dependencies there); the plugin from source, as the playground uses it.
const app = mkdtempSync(join(tmpdir(), "bench-first-paint-"));
symlinkSync(join(repo, "node_modules"), join(app, "node_modules"), "dir");
for (const folder of ["templates", "liveview_components", "live", "static"])
  mkdirSync(join(app, folder));
writeFileSync(join(app, "templates", "rows.eta"), ROWS_TEMPLATE);
writeFileSync(join(app, "liveview_components", "rows.ts"), HANDLER);
writeFileSync(join(app, "live", "index.html"), page(undefined));
const eta = new Eta({ autoEscape: true });
writeFileSync(
  join(app, "static", "index.html"),
  page((region) => eta.renderString(ROWS_TEMPLATE, { rows: ROWS, region })),
);
writeFileSync(
  join(app, "vite.config.mts"),
  `import liveview from ${JSON.stringify(join(repo, "plugin", "index.ts"))};
export default { logLevel: "warn", plugins: [liveview({ roomSecret: false })] };
`,
);

async function serve() {
  const port = await freePort();
  const server = startPinned(
    SERVER_CORE,
    join(repo, "dist", "bin", "liveview.js"),
    ["serve", "--dist", join(app, "dist"), "--port", String(port)],
    {
      ready: /Serving /,
      env: { LIVEVIEW_LOG_LEVEL: "info", LIVEVIEW_SECRET: "" },
      cwd: app,
    },
  );
  await server.started;
  return { port, server };
}

async function load(port, path, connections) {
  const generator = startPinned(
    LOAD_CORE,
    join(here, "load", "http.mjs"),
    [
      `http://127.0.0.1:${port}${path}`,
      String(connections),
      seconds,
      "accept:text/html",
      "accept-encoding:gzip, deflate, br",
    ],
    { ready: null },
  );
  return generator.result();
}

const pages = { "three prerendered regions": "/live/", "as built": "/static/" };
const results = {};
try {
  execFileSync(
    process.execPath,
    [join(repo, "node_modules", "vite", "bin", "vite.js"), "build"],
    { cwd: app, stdio: "ignore" },
  );
  const { port, server } = await serve();
  const check = await fetch(`http://127.0.0.1:${port}/live/`);
  const body = await check.text();
  if ((body.match(/data-liveview-prerendered/g) ?? []).length !== 3)
    throw new Error(`the regions were not prerendered:\n${server.output()}`);
  for (let run = 0; run < runs; run++) {
    for (const [label, path] of Object.entries(pages)) {
      for (const connections of [50, 1]) {
        const result = await load(port, path, connections);
        if (result.errors > 0) throw new Error(`${label}: errors under load`);
        (results[`${label} | ${connections}`] ??= []).push(result);
      }
    }
  }
  server.child.kill("SIGINT");
  await server.exited;
} finally {
  rmSync(app, { recursive: true, force: true });
}

const figure = (key, pick) => spread(results[key].map(pick));
const fmt = (s, digits = 2) =>
  `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`;
console.log(
  "\n| page | requests/s, 50 connections | p50 ms | p99 ms | p50 ms, 1 connection |\n| --- | --- | --- | --- | --- |",
);
for (const label of Object.keys(pages)) {
  const loaded = `${label} | 50`;
  const alone = `${label} | 1`;
  console.log(
    `| ${label} | ${fmt(
      figure(loaded, (r) => r.perSecond),
      0,
    )} | ${fmt(figure(loaded, (r) => r.p50))} | ${fmt(figure(loaded, (r) => r.p99))} | ${fmt(
      figure(alone, (r) => r.p50),
      3,
    )} |`,
  );
}
const [live, built] = Object.keys(pages);
const rate = (label) => figure(`${label} | 50`, (r) => r.perSecond).median;
const aloneP50 = (label) => figure(`${label} | 1`, (r) => r.p50).median;
console.log(
  `\nas built / prerendered, requests/s: ${(rate(built) / rate(live)).toFixed(2)}x; ` +
    `server time added per page: ${(1000 / rate(live) - 1000 / rate(built)).toFixed(3)} ms; ` +
    `p50 added with one connection: ${(aloneP50(live) - aloneP50(built)).toFixed(3)} ms`,
);
