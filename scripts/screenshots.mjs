// Screenshots of every playground page: `node scripts/screenshots.mjs` writes screenshots/<page>.png.
// Starts the playground's own dev server (vite.config.ts, on a free port) and Debian's Chromium.
import { mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { chromium } from "playwright-core";
import { createServer } from "vite";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const playground = join(repo, "playground");
const outDir = join(repo, "screenshots");
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** `index.html` -> { url: "/", name: "index" }; `examples/comments/index.html` -> { url: "/examples/comments/", name: "comments" }. */
function pagesOf(root) {
  return fg
    .sync("**/*.html", { cwd: root, ignore: ["dist/**", "node_modules/**"] })
    .sort()
    .map((file) => {
      const url = `/${file.replace(/(^|\/)index\.html$/, "$1")}`;
      const name =
        file === "index.html"
          ? "index"
          : file
              .replace(/^examples\//, "")
              .replace(/\/index\.html$|\.html$/, "")
              .replaceAll("/", "-");
      return { url, name };
    });
}

const server = await createServer({
  configFile: join(repo, "vite.config.ts"),
  server: { port: 0, host: "127.0.0.1" },
  logLevel: "error",
});
let browser;
try {
  await server.listen();
  const { port } = server.httpServer.address();
  browser = await chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
  });
  mkdirSync(outDir, { recursive: true });
  for (const { url, name } of pagesOf(playground)) {
    const page = await context.newPage();
    const problems = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning")
        problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`http://127.0.0.1:${port}${url}`);
    // Let the first calls (init, intersection) be answered: their elements are busy until then.
    await page.waitForTimeout(200);
    await page.waitForFunction(
      () => document.querySelector('[aria-busy="true"]') === null,
    );
    const file = join(outDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(
      `${relative(repo, file)}  ${url}${problems.length ? `  (console: ${problems.join(" | ")})` : ""}`,
    );
    await page.close();
  }
  await context.close();
} finally {
  await browser?.close();
  await server.close();
}
