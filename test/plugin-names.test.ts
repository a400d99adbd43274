import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBuilder, type InlineConfig } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import liveview, { type LiveViewPluginOptions } from "../plugin/index.ts";
import {
  copyFixture,
  createRecordingLogger,
  startDevServer,
  type DevServer,
} from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";

/** index.html of the fixture with a typo on line 12 and a keyboard map on line 13. */
const PAGE = [
  "<!doctype html>",
  '<html lang="en">',
  "  <head>",
  "    <title>Fixture</title>",
  "  </head>",
  '  <body data-controller="page">',
  '    <input name="name" />',
  '    <button data-liveview-function="say_hello" data-action="click->page#run">',
  "      Say hello",
  "    </button>",
  "    <button",
  '      data-liveview-function="say_helo"',
  '      data-liveview-keyboard-map=\'{"ctrl+t": "translat", "esc": "translate"}\'',
  '      data-action="click->page#run"',
  "    >Typo</button>",
  '    <div id="greeting" data-liveview-init="<%= not_checked %>"></div>',
  "  </body>",
  "</html>",
  "",
].join("\n");

const SAY_HELO =
  'index.html:12: no handler "say_helo" (did you mean "say_hello"?)';
const TRANSLAT =
  'index.html:13: no handler "translat" (did you mean "translate"?)';

const warnings = (logs: string[]) =>
  logs.filter((line) => line.includes("no handler"));

describe("handler names in pages and templates, in vite dev", () => {
  let app: ReturnType<typeof copyFixture>;
  let dev: DevServer;
  afterEach(async () => {
    await dev?.close();
    app?.remove();
  });

  it("warns with the file, the line and the closest registered name, and checks again as files change", async () => {
    app = copyFixture();
    writeFileSync(join(app.root, "index.html"), PAGE);
    writeFileSync(
      join(app.root, "templates", "row.eta"),
      '<li>\n  <button data-liveview-function="<%= it.fn %>">x</button>\n  <button data-liveview-intersect-appear="load_more">y</button>\n</li>\n',
    );
    dev = await startDevServer(app.root);
    await waitFor(() => (warnings(dev.logs).length >= 3 ? true : undefined), {
      what: "the warnings",
    });
    expect(warnings(dev.logs)).toEqual([
      `[liveview] ${SAY_HELO}`,
      `[liveview] ${TRANSLAT}`,
      '[liveview] templates/row.eta:3: no handler "load_more"',
    ]);

    // A handler file that registers the missing name settles the template.
    dev.logs.length = 0;
    writeFileSync(
      join(app.root, "liveview_components", "more.ts"),
      'import { liveviewHandler } from "vite-plugin-liveview/server";\nliveviewHandler("load_more", () => {});\n',
    );
    await waitFor(() => (warnings(dev.logs).length === 2 ? true : undefined), {
      what: "the check after a handler file was added",
    });
    expect(warnings(dev.logs)).toEqual([
      `[liveview] ${SAY_HELO}`,
      `[liveview] ${TRANSLAT}`,
    ]);

    // Fixing the page leaves nothing to report, and says so once.
    dev.logs.length = 0;
    writeFileSync(
      join(app.root, "index.html"),
      PAGE.replace('"say_helo"', '"say_hello"').replace(
        '"translat"',
        '"translate"',
      ),
    );
    const allGood = () =>
      dev.logs.find((line) =>
        line.includes(
          "Every handler name in pages and templates is registered",
        ),
      );
    await waitFor(allGood, { what: "the all-clear" });
    expect(warnings(dev.logs)).toEqual([]);

    // A new page with a typo is checked as soon as it is saved.
    mkdirSync(join(app.root, "about"));
    writeFileSync(
      join(app.root, "about", "index.html"),
      '<body>\n<button data-liveview-function="whoamI">?</button>\n</body>\n',
    );
    await waitFor(() => (warnings(dev.logs).length === 1 ? true : undefined), {
      what: "the new page's warning",
    });
    expect(warnings(dev.logs)).toEqual([
      '[liveview] about/index.html:2: no handler "whoamI" (did you mean "whoami"?)',
    ]);
  });

  it("does not check with checkNames: false", async () => {
    app = copyFixture();
    writeFileSync(join(app.root, "index.html"), PAGE);
    dev = await startDevServer(app.root, { checkNames: false });
    await waitFor(() => dev.logs.find((line) => line.includes("✓ Imported:")));
    expect(warnings(dev.logs)).toEqual([]);
  });
});

async function build(
  root: string,
  options: LiveViewPluginOptions = {},
  extra: InlineConfig = {},
) {
  const logger = createRecordingLogger();
  const builder = await createBuilder({
    root,
    configFile: false,
    customLogger: logger,
    plugins: [liveview(options)],
    ...extra,
  });
  await builder.buildApp();
  return logger.lines;
}

describe("handler names in pages and templates, in vite build", () => {
  let app: ReturnType<typeof copyFixture>;
  afterEach(() => app?.remove());

  it("fails with the same lines, naming every unknown handler", async () => {
    app = copyFixture();
    writeFileSync(join(app.root, "index.html"), PAGE);
    const failure = await build(app.root).then(
      () => undefined,
      (error: unknown) => String(error),
    );
    expect(failure).toContain(
      "2 handler names in pages and templates are not registered:",
    );
    expect(failure).toContain(`  ${SAY_HELO}\n  ${TRANSLAT}\n`);
  });

  it("takes the names the handler files register when they run (a loop, a timer at import) from the built bundle, also outside the project", async () => {
    app = copyFixture();
    writeFileSync(
      join(app.root, "liveview_components", "crud.ts"),
      [
        'import { liveviewHandler } from "vite-plugin-liveview/server";',
        'for (const verb of ["create", "update", "delete"])',
        "  liveviewHandler(`${verb}_item`, () => {});",
        "// A timer at import must not keep the build waiting.",
        "setInterval(() => {}, 1000);",
        'console.log("handler output is not the check\'s business");',
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(app.root, "templates", "item.eta"),
      '<button data-liveview-function="update_item">Save</button>\n<button data-liveview-function="delete_item">Delete</button>\n',
    );
    // Built outside the project, the bundle's packages are still found from the project.
    const outDir = mkdtempSync(join(tmpdir(), "liveview-names-"));
    try {
      const lines = await build(app.root, {}, { build: { outDir } });
      expect(warnings(lines)).toEqual([]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('warns instead with checkNames: "warn", and skips the check with false', async () => {
    app = copyFixture();
    writeFileSync(join(app.root, "index.html"), PAGE);
    expect(warnings(await build(app.root, { checkNames: "warn" }))).toEqual([
      `[liveview] ${SAY_HELO}`,
      `[liveview] ${TRANSLAT}`,
    ]);
    expect(warnings(await build(app.root, { checkNames: false }))).toEqual([]);
  });

  it("refuses a checkNames value it does not know", () => {
    expect(() => liveview({ checkNames: "errors" as never })).toThrow(
      'liveview({ checkNames }) must be "error", "warn" or false, got "errors"',
    );
  });
});
