import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectTestClient } from "../src/testing/index.ts";
import { freePort, startProcess } from "./helpers/process.ts";
import { signedRoom, TEST_SECRET } from "./helpers/rooms.ts";

const repo = join(import.meta.dirname, "..");
const viteVersion = JSON.parse(
  execFileSync("npm", ["pkg", "get", "devDependencies.vite"], {
    cwd: repo,
    encoding: "utf8",
  }),
) as string;

/** The README's quick start, file for file. */
function writeQuickStartApp(root: string): void {
  mkdirSync(join(root, "liveview_components"));
  mkdirSync(join(root, "templates"));
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({ name: "quick-start", private: true, type: "module" }),
  );
  writeFileSync(
    join(root, "vite.config.ts"),
    'import { defineConfig } from "vite";\nimport liveview from "vite-plugin-liveview";\n\nexport default defineConfig({ plugins: [liveview()] });\n',
  );
  writeFileSync(
    join(root, "liveview_components", "hello.ts"),
    [
      'import { liveviewHandler, renderToString, send } from "vite-plugin-liveview/server";',
      "",
      'liveviewHandler("say_hello", async (consumer, content) => {',
      '  const html = await renderToString("hello_message", { name: content.form.name || "World" });',
      '  send(consumer, { target: "#greeting", html });',
      "});",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(root, "templates", "hello_message.eta"),
    "<h1>Hello, <%= it.name %>!</h1>\n",
  );
  writeFileSync(
    join(root, "index.html"),
    '<!doctype html>\n<html lang="en">\n<body data-controller="page">\n<input name="name">\n<button data-liveview-function="say_hello" data-action="click->page#run">Say hello</button>\n<div id="greeting"></div>\n</body>\n</html>\n',
  );
}

/** Beyond the quick start: a server entry with a typed user, and a handler that throws. */
function writeTypedExtras(root: string): void {
  writeFileSync(
    join(root, "liveview.server.ts"),
    [
      'import { defineServer } from "vite-plugin-liveview/server";',
      "",
      'declare module "vite-plugin-liveview/server" {',
      "  interface LiveViewUser { name: string }",
      "}",
      "",
      'export default defineServer({ authenticate: () => ({ user: { name: "npm" } }) });',
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(root, "liveview_components", "extras.ts"),
    [
      'import { liveviewHandler, send } from "vite-plugin-liveview/server";',
      "",
      'liveviewHandler("broken", () => {',
      '  throw new Error("broken on line 4");',
      "});",
      "",
      'liveviewHandler("whoami", (consumer) => {',
      '  const name: string = consumer.scope.user?.name ?? "nobody";',
      '  send(consumer, { target: "#greeting", html: name });',
      "});",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(root, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        types: ["node"],
      },
      include: ["liveview_components", "liveview.server.ts", "vite.config.ts"],
    }),
  );
}

async function sayHello(port: number): Promise<unknown[]> {
  const client = await connectTestClient(
    `ws://127.0.0.1:${port}/ws/liveview/${signedRoom()}/`,
  );
  client.sendJson({
    function: "say_hello",
    form: { name: "npm" },
    data: {},
    lang: "en",
    room: "room-1",
    id: 1,
  });
  const frames = [await client.receiveJson(), await client.receiveJson()];
  await client.close();
  return frames;
}

const expected = [
  { target: "#greeting", html: "<h1>Hello, npm!</h1>\n" },
  { ack: 1 },
];

describe("the packed package in a fresh app", () => {
  let work: string;
  let app: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "liveview-pack-"));
    // The run's compiled package (test/setup/package.ts): packing it needs no build here.
    execFileSync(
      "npm",
      ["pack", "--ignore-scripts", "--pack-destination", work],
      { cwd: inject("packageDir"), stdio: "ignore" },
    );
    const tarball = readdirSync(work).find((file) => file.endsWith(".tgz"))!;
    app = join(work, "app");
    mkdirSync(app);
    writeQuickStartApp(app);
    writeTypedExtras(app);
    execFileSync(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        join(work, tarball),
        `vite@${viteVersion}`,
      ],
      { cwd: app, stdio: "ignore" },
    );
  }, 240_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("runs under `vite` dev: imports the handler file and answers over the socket", async () => {
    const port = await freePort();
    const vite = startProcess(
      process.execPath,
      [
        "node_modules/vite/bin/vite.js",
        "--port",
        String(port),
        "--strictPort",
        "--host",
        "127.0.0.1",
      ],
      { cwd: app, env: { LIVEVIEW_SECRET: TEST_SECRET } },
    );
    try {
      await vite.waitForOutput(/✓ Imported: liveview_components\/hello\.ts/);
      expect(await sayHello(port)).toEqual(expected);
      const client = await connectTestClient(
        `ws://127.0.0.1:${port}/ws/liveview/${signedRoom()}/`,
      );
      client.sendJson({ function: "whoami", id: 1 });
      expect(await client.receiveJson()).toEqual({
        target: "#greeting",
        html: "npm",
      });
      await client.receiveJson();
      // The stack of a handler's exception points at its line in the source file.
      client.sendJson({ function: "broken", id: 2 });
      await client.receiveJson();
      await vite.waitForOutput(/extras\.ts:4:\d+/);
      await client.close();
    } finally {
      await vite.stop();
    }
  });

  it("type-checks the app with skipLibCheck off, the user typed through LiveViewUser", () => {
    execFileSync(
      process.execPath,
      [join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", app],
      { cwd: app, encoding: "utf8" },
    );
  });

  it("loads ioredis only once a Redis broadcaster is made", () => {
    const script = [
      'import { createRequire } from "node:module";',
      'const server = await import("vite-plugin-liveview/server");',
      "const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('/ioredis/'));",
      "const before = loaded();",
      'server.createRedisBroadcaster({ url: "redis://127.0.0.1:1", logger: console });',
      // ioredis is imported as the broadcaster starts connecting; no Redis listens there, so
      // this does not wait for it to give up.
      "for (let i = 0; i < 200 && !loaded(); i++) await new Promise((r) => setTimeout(r, 10));",
      "console.log(JSON.stringify([before, loaded()]));",
      "process.exit(0);",
    ].join("\n");
    const out = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", script],
      { cwd: app, encoding: "utf8" },
    );
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual([false, true]);
  });

  it("builds with `vite build` and serves with `liveview serve`", async () => {
    execFileSync(process.execPath, ["node_modules/vite/bin/vite.js", "build"], {
      cwd: app,
      stdio: "ignore",
    });
    // The CLI loads vite.config once per environment: the pages and the server bundle must
    // still carry one build id, or every page would be told its build is stale.
    const { buildId } = JSON.parse(
      readFileSync(join(app, "dist", "server", "liveview.json"), "utf8"),
    ) as { buildId: string };
    const assets = join(app, "dist", "client", "assets");
    const scripts = readdirSync(assets)
      .filter((name) => name.endsWith(".js"))
      .map((name) => readFileSync(join(assets, name), "utf8"));
    expect(buildId).toMatch(/^[a-z0-9]+-[0-9a-f]{8}$/);
    expect(scripts.some((code) => code.includes(buildId))).toBe(true);
    const port = await freePort();
    const serve = startProcess(
      join(app, "node_modules", ".bin", "liveview"),
      ["serve", "--port", String(port), "--host", "127.0.0.1"],
      { cwd: app, env: { LIVEVIEW_SECRET: TEST_SECRET } },
    );
    try {
      await serve.waitForOutput(/Serving .* on http/);
      expect(await sayHello(port)).toEqual(expected);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(await page.text()).toContain('data-liveview-function="say_hello"');
      expect(await serve.stop("SIGTERM")).toBe(0);
    } finally {
      await serve.stop("SIGKILL");
    }
  });
});
