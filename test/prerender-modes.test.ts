/**
 * Server-rendered first paint behaves the same under `vite dev`, `vite preview` and
 * `liveview serve` (also with two workers): one suite, run against each, on the entry app (its
 * `authenticate` reads a `user` cookie) with a tasks page and its handlers added.
 */
import { get } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preview } from "vite";
import liveview from "../plugin/index.ts";
import { verifyRoomToken } from "../src/index.ts";
import { startRedis, type TestRedis } from "./helpers/redis.ts";
import { buildApp, startServeReady } from "./helpers/serve.ts";
import {
  copyFixture,
  createRecordingLogger,
  ENTRY_APP,
  startDevServer,
} from "./helpers/vite.ts";
import { waitFor } from "./helpers/wait.ts";

const SECRET = "prerender-suite-secret";
/** Data options: the timeout must reach preview and serve through the build. */
const OPTIONS = { prerenderTimeoutMs: 400, roomSecret: SECRET };

const HANDLERS = `import { liveviewHandler, send } from "vite-plugin-liveview/server";

const TASKS = [
  { title: "Write the spec", done: true },
  { title: "Ship it", done: false },
  { title: "Test &amp; measure", done: true },
];

liveviewHandler("load_tasks", (consumer, content) => {
  const filter = new URL(content.url, "http://app.invalid").searchParams.get("filter");
  const shown = TASKS.filter((task) => filter !== "done" || task.done);
  const who = consumer.scope.user?.name ?? "nobody";
  send(consumer, {
    target: "#tasks",
    html: "<ul>" + shown.map((task) => "<li>" + task.title + "</li>").join("") + "</ul>" +
      '<p id="who">' + [who, consumer.prerender, consumer.room, process.pid].join(" ") + "</p>",
    title: shown.length + " tasks for " + who,
  });
});

liveviewHandler("broken_tasks", () => {
  throw new Error("the task store is down");
});

liveviewHandler("slow_tasks", async (consumer) => {
  await new Promise((resolve) => setTimeout(resolve, 5000).unref());
  send(consumer, { target: "#slow", html: "too late" });
});
`;

function htmlPage(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en">\n  <head><title>${title}</title></head>\n  <body data-controller="page">\n${body}\n  </body>\n</html>\n`;
}

const TASKS_REGION = `<section id="tasks" data-liveview-init="load_tasks" data-liveview-prerender>Loading...</section>`;

function addPages(root: string): void {
  writeFileSync(join(root, "liveview_components", "tasks.ts"), HANDLERS);
  mkdirSync(join(root, "tasks"));
  writeFileSync(
    join(root, "tasks", "index.html"),
    htmlPage("Tasks", TASKS_REGION),
  );
  mkdirSync(join(root, "trouble"));
  writeFileSync(
    join(root, "trouble", "index.html"),
    htmlPage(
      "Trouble",
      `<div id="broken" data-liveview-init="broken_tasks" data-liveview-prerender>as written</div>
    <div id="slow" data-liveview-init="slow_tasks" data-liveview-prerender>as written</div>
    ${TASKS_REGION}`,
    ),
  );
}

interface AppServer {
  origin: string;
  logs(): string;
  stop(): Promise<void>;
}

let app: ReturnType<typeof copyFixture>;
let built: Promise<string> | undefined;
const build = () =>
  (built ??= buildApp(app.root, OPTIONS).then(() => join(app.root, "dist")));

const modes: Record<string, () => Promise<AppServer>> = {
  async "vite dev"() {
    const dev = await startDevServer(app.root, OPTIONS);
    return {
      origin: dev.httpUrl(""),
      logs: () => dev.logs.join("\n"),
      stop: () => dev.close(),
    };
  },
  async "vite preview"() {
    await build();
    const logger = createRecordingLogger();
    const server = await preview({
      root: app.root,
      configFile: false,
      customLogger: logger,
      plugins: [liveview(OPTIONS)],
      preview: { port: 0, host: "127.0.0.1" },
    });
    const port = (server.httpServer.address() as AddressInfo).port;
    return {
      origin: `http://127.0.0.1:${port}`,
      logs: () => logger.lines.join("\n"),
      stop: () => server.close(),
    };
  },
  async "liveview serve"() {
    const serve = await startServeReady(await build(), [], {}, app.root);
    return {
      origin: `http://127.0.0.1:${serve.port}`,
      logs: serve.output,
      stop: () => serve.stop("SIGTERM").then(() => undefined),
    };
  },
};

/** One GET on a connection of its own (so `--workers` spreads them), as curl would do it. */
function curl(
  url: string,
  cookie = "",
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers: { cookie } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
        }),
      );
    }).on("error", reject);
  });
}

beforeAll(() => {
  app = copyFixture(ENTRY_APP);
  addPages(app.root);
});
afterAll(() => app?.remove());

for (const [mode, start] of Object.entries(modes)) {
  describe(`first paint under ${mode}`, () => {
    let server: AppServer;
    beforeAll(async () => {
      server = await start();
    }, 120_000);
    afterAll(() => server?.stop());

    it("sends the tasks inside #tasks and the handler's title, for the user authenticate names, in the page's room", async () => {
      const page = await curl(`${server.origin}/tasks/`, "user=ana");
      expect(page.status).toBe(200);
      expect(page.headers["cache-control"]).toBe("private, no-store");
      expect(page.headers.etag).toBeUndefined();
      expect(page.body).toContain("<title>3 tasks for ana</title>");
      expect(page.body).toMatch(
        /<section id="tasks" data-liveview-init="load_tasks" data-liveview-prerender data-liveview-prerendered><ul><li>Write the spec<\/li><li>Ship it<\/li><li>Test &amp; measure<\/li><\/ul><p id="who">ana true \S+ \d+<\/p><\/section>/,
      );
      // The handler's consumer has the room the page will join, signed by the server.
      const room = page.body.match(/<html[^>]* data-room="([^"]+)"/)?.[1];
      expect(room && verifyRoomToken(SECRET, room)).toBeTruthy();
      expect(page.body).toContain(`ana true ${room} `);
      // The page keeps its scripts: the client (and Vite's, in dev).
      expect(page.body).toMatch(/<script type="module"/);
    });

    it("renders the list the address asks for: /tasks/?filter=done", async () => {
      const page = await curl(`${server.origin}/tasks/?filter=done`);
      expect(page.body).toContain("<title>2 tasks for nobody</title>");
      expect(page.body).toContain(
        "<ul><li>Write the spec</li><li>Test &amp; measure</li></ul>",
      );
    });

    it("leaves a region whose handler throws or runs past prerenderTimeoutMs as written, answers 200 at once, and logs which and why", async () => {
      const started = Date.now();
      const page = await curl(`${server.origin}/trouble/`, "user=ana");
      expect(Date.now() - started).toBeLessThan(3000);
      expect(page.status).toBe(200);
      expect(page.body).toContain(
        `<div id="broken" data-liveview-init="broken_tasks" data-liveview-prerender>as written</div>`,
      );
      expect(page.body).toContain(
        `<div id="slow" data-liveview-init="slow_tasks" data-liveview-prerender>as written</div>`,
      );
      expect(page.body).toContain("<title>3 tasks for ana</title>");
      await waitFor(() =>
        /Prerender of "slow_tasks" did not finish within 400 ms/.test(
          server.logs(),
        ) &&
        /Prerender of "broken_tasks" failed \(the task store is down\)/.test(
          server.logs(),
        )
          ? true
          : undefined,
      );
    });

    it("keeps the caching of pages without prerendered regions", async () => {
      const page = await curl(`${server.origin}/`);
      expect(page.status).toBe(200);
      expect(page.headers["cache-control"]).toMatch(/no-cache/);
      expect(page.headers["cache-control"]).not.toMatch(/no-store/);
    });
  });
}

describe("first paint under liveview serve --workers 2", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  it("renders the page on whichever worker answers", async () => {
    const serve = await startServeReady(
      await build(),
      ["--workers", "2", "--redis", redis.url],
      {},
      app.root,
    );
    try {
      const pids = new Set<string>();
      for (let i = 0; i < 20 && pids.size < 2; i++) {
        const page = await curl(
          `http://127.0.0.1:${serve.port}/tasks/?filter=done`,
          "user=bo",
        );
        expect(page.headers["cache-control"]).toBe("private, no-store");
        const who = page.body.match(/<p id="who">bo true \S+ (\d+)<\/p>/);
        expect(who).not.toBeNull();
        pids.add(who![1]!);
      }
      expect(pids.size).toBe(2);
    } finally {
      await serve.stop("SIGTERM");
    }
  }, 60_000);
});
