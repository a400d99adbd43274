/**
 * Server-rendered first paint in the core: a page's prerender regions run their init handlers for
 * the page request, and what the handlers send is written into the HTML (section 12).
 */
import type { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  send,
  type Consumer,
  type Content,
  type LiveViewServer,
} from "../src/index.ts";
import { createServerCore, type CoreOptions } from "../src/internal.ts";
import { parsePage, readChange } from "../src/page-document.ts";
import { scanFragment } from "../src/page-fragment.ts";
import { createRegistry, type ModuleRegistry } from "../src/registry.ts";

const HEAD = `<!doctype html>
<html lang="es" data-room="room-7">
  <head>
    <meta charset="utf-8" />
    <title>Loading · Tasks</title>
    <script type="module" src="/@vite/client"></script>
  </head>`;

function page(body: string): string {
  return `${HEAD}\n  <body data-controller="page">\n${body}\n  </body>\n</html>\n`;
}

function request(url: string, cookie = ""): IncomingMessage {
  const message = { url, headers: { host: "example.test", cookie } };
  return Object.assign(message, { socket: new Socket() }) as never;
}

let server: LiveViewServer | undefined;
let registry: ModuleRegistry;
let logs: string[];

function start(options: CoreOptions = {}): LiveViewServer {
  registry = createRegistry();
  logs = [];
  const record = (message: string) => void logs.push(message);
  server = createServerCore({
    logger: { debug: record, info: record, warn: record, error: record },
    registry,
    ...options,
  });
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TASKS = `<section id="tasks" data-liveview-init="load_tasks" data-liveview-prerender>Loading...</section>`;

describe("prerender", () => {
  it("writes the handler's html into its region, sets the title, marks the region and leaves the rest as written", async () => {
    start();
    registry.register("load_tasks")((consumer) => {
      send(consumer, {
        target: "#tasks",
        html: "<ul><li>Write &amp; test</li></ul>",
        title: "Tasks <3",
      });
    });
    const result = await server!.prerender(page(TASKS), request("/tasks/"));
    expect(result.prerendered).toBe(true);
    expect(result.html).toContain(
      `<section id="tasks" data-liveview-init="load_tasks" data-liveview-prerender data-liveview-prerendered><ul><li>Write &amp; test</li></ul></section>`,
    );
    expect(result.html).toContain("<title>Tasks &lt;3</title>");
    expect(result.html).toContain(
      `<script type="module" src="/@vite/client"></script>`,
    );
    expect(result.html.startsWith(`<!doctype html>\n<html lang="es"`)).toBe(
      true,
    );
  });

  it("gives the handler a request consumer: who asks, cookies, the page's path and query, and the content the client would send", async () => {
    start({
      authenticate: (incoming) =>
        incoming.headers.cookie === "user=ana"
          ? { user: { name: "Ana" }, socketId: "s-1" }
          : undefined,
    });
    let seen: { consumer: Consumer; content: Content } | undefined;
    registry.register("load_tasks")((consumer, content) => {
      seen = { consumer, content };
    });
    const region = `<form><input name="q" value="a &amp; b"><input type="checkbox" name="done" checked>
      <section id="tasks" data-liveview-init="load_tasks" data-liveview-prerender data-data-list-id="7">x</section></form>`;
    await server!.prerender(
      page(region),
      request("/tasks/?filter=done", "user=ana"),
    );
    expect(seen?.consumer.prerender).toBe(true);
    expect(seen?.consumer.room).toBe("room-7");
    expect(seen?.consumer.scope).toMatchObject({
      user: { name: "Ana" },
      socketId: "s-1",
      cookies: { user: "ana" },
      path: "/tasks/",
      query: { filter: "done" },
      headers: { host: "example.test" },
    });
    expect({ ...seen?.content }).toEqual({
      function: "load_tasks",
      data: { list_id: "7" },
      form: { q: "a & b", done: true },
      lang: "es",
      room: "room-7",
      url: "/tasks/?filter=done",
    });
  });

  it("runs the middleware chain first, as for live calls", async () => {
    start();
    registry.addMiddleware((consumer, _content, name) => {
      logs.push(`middleware ${name} ${String(consumer.prerender)}`);
      return name !== "refused";
    });
    registry.register("load_tasks")((consumer) => {
      send(consumer, { target: "#tasks", html: "<p>ran</p>" });
    });
    registry.register("refused")(() => {
      throw new Error("never runs");
    });
    const result = await server!.prerender(
      page(
        `${TASKS}<div id="other" data-liveview-init="refused" data-liveview-prerender>as written</div>`,
      ),
      request("/"),
    );
    expect(logs).toContain("middleware load_tasks true");
    expect(logs).toContain("middleware refused true");
    expect(result.html).toContain("<p>ran</p>");
    expect(result.html).toContain(`data-liveview-prerendered>as written</div>`);
  });

  it("applies append and remove in order, and notes the keys only a live page can use", async () => {
    start({ dev: true });
    registry.register("load_tasks")((consumer) => {
      send(consumer, { target: "#tasks", html: "<p>one</p>" });
      send(consumer, { target: "#tasks", html: "<p>two</p>", append: true });
      send(consumer, { target: "#gone", remove: true });
      send(consumer, { target: "#missing", html: "x" });
      send(consumer, { url: "/elsewhere", scroll: "#tasks" });
    });
    const result = await server!.prerender(
      page(`${TASKS}<p id="gone">old</p>`),
      request("/"),
    );
    expect(result.html).toContain("><p>one</p><p>two</p></section>");
    expect(result.html).not.toContain("old");
    expect(logs).toContain(
      `Prerender of "load_tasks": target "#missing" not found in the page; frame ignored`,
    );
    expect(logs).toContain(
      `Prerender of "load_tasks": url, scroll ignored (live pages only)`,
    );
  });

  it("leaves a region whose handler throws as written, logs which and why, and renders the others", async () => {
    start();
    registry.register("load_tasks")(async () => {
      throw new Error("the database is down");
    });
    registry.register("load_user")((consumer) => {
      send(consumer, { target: "#user", html: "Ana" });
    });
    const result = await server!.prerender(
      page(
        `${TASKS}<b id="user" data-liveview-init="load_user" data-liveview-prerender></b>`,
      ),
      request("/"),
    );
    expect(result.html).toContain(`${TASKS}`);
    expect(result.html).toContain(`data-liveview-prerendered>Ana</b>`);
    expect(logs).toContain(
      `Prerender of "load_tasks" failed (the database is down); the browser calls it live`,
    );
  });

  it("leaves a region past prerenderTimeoutMs as written, answers in time, and drops what it sends later", async () => {
    start({ prerenderTimeoutMs: 50 });
    let late: Consumer | undefined;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    registry.register("load_tasks")(async (consumer) => {
      late = consumer;
      await released;
      send(consumer, { target: "#tasks", html: "too late" });
    });
    const started = Date.now();
    const result = await server!.prerender(page(TASKS), request("/"));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toEqual({ html: page(TASKS), prerendered: false });
    expect(logs).toContain(
      `Prerender of "load_tasks" did not finish within 50 ms; the browser calls it live`,
    );
    expect(late?.closed).toBe(true);
    release();
  });

  it("runs a page's handlers concurrently", async () => {
    start({ prerenderTimeoutMs: 2000 });
    // Each handler finishes only once both have started: run one after the other, they would time out.
    let arrived = 0;
    let both = () => {};
    const together = new Promise<void>((resolve) => (both = resolve));
    for (const name of ["load_a", "load_b"]) {
      registry.register(name)(async (consumer) => {
        if (++arrived === 2) both();
        await together;
        send(consumer, { target: `#${name}`, html: name });
      });
    }
    const result = await server!.prerender(
      page(
        `<p id="load_a" data-liveview-init="load_a" data-liveview-prerender></p>
         <p id="load_b" data-liveview-init="load_b" data-liveview-prerender></p>`,
      ),
      request("/"),
    );
    expect(result.html).toContain("prerendered>load_a</p>");
    expect(result.html).toContain("prerendered>load_b</p>");
  });

  it("leaves to the browser a region whose html carries a script, and a page whose visitor authenticate refuses", async () => {
    start({
      authenticate: (incoming) =>
        incoming.headers.cookie === "user=banned" ? false : undefined,
    });
    registry.register("load_tasks")((consumer) => {
      send(consumer, {
        target: "#tasks",
        html: `<canvas></canvas><script>el.draw()</script>`,
      });
    });
    const html = page(TASKS);
    expect(await server!.prerender(html, request("/"))).toEqual({
      html,
      prerendered: false,
    });
    expect(await server!.prerender(html, request("/", "user=banned"))).toEqual({
      html,
      prerendered: false,
    });
  });

  it("sends the page as written when authenticate throws or does not answer in time, and logs it", async () => {
    start({
      prerenderTimeoutMs: 50,
      authenticate: (incoming) => {
        if (incoming.headers.cookie === "user=boom")
          throw new Error("the session store is down");
        return new Promise(() => {});
      },
    });
    registry.register("load_tasks")((consumer) => {
      send(consumer, { target: "#tasks", html: "never" });
    });
    const html = page(TASKS);
    for (const cookie of ["user=boom", "user=slow"])
      expect(await server!.prerender(html, request("/", cookie))).toEqual({
        html,
        prerendered: false,
      });
    expect(logs).toContain(
      "authenticate() failed; the page is sent unrendered",
    );
    expect(logs).toContain(
      `Prerender of "load_tasks": authenticate() did not finish within 50 ms; the browser calls it live`,
    );
  });

  it("returns a page without regions as the same string, unparsed", async () => {
    start();
    const html = page(
      `<p data-liveview-init="load_tasks">live only</p><p data-liveview-init="load_tasks" data-liveview-prerendered>done</p>`,
    );
    const result = await server!.prerender(html, request("/"));
    expect(result.html).toBe(html);
    expect(result.prerendered).toBe(false);
  });
});

// Writing handler frames into the page's HTML: what goes in as written, what is parsed and
// repaired in place, and what a later frame can still find.
const TASKS_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Tasks</title></head>
  <body>
    <section id="tasks">Loading...</section>
    <aside id="side"><p>old</p></aside>
  </body>
</html>
`;

function write(...frames: object[]): string {
  const page = parsePage(TASKS_PAGE);
  for (const frame of frames) page.apply(readChange(frame)!);
  return page.toString();
}

describe("a fragment of handler html", () => {
  it("that closes what it opens goes in as written, byte for byte", () => {
    const html = `<table class='rows'>\n  <tr id="row-1"><td>Tea &amp; cake<br/></td></tr>\n</table>\n`;
    const fragment = scanFragment(html);
    expect(fragment).toMatchObject({ selfContained: true, runsScript: false });
    expect([...fragment.ids]).toEqual(["row-1"]);
    expect(write({ target: "#tasks", html })).toContain(
      `<section id="tasks">${html}</section>`,
    );
  });

  it.each([
    ["an element left open", "<div><p>one"],
    ["a stray end tag", "one</section><p>two</p>"],
    ["a stray </p>, which would close a paragraph around it", "one</p>two"],
    ["a tag cut off at the end", `<p>one</p><a href="/x`],
    ["a comment left open", "<p>one</p><!-- two"],
  ])("with %s is parsed and repaired in its place", (_what, html) => {
    expect(scanFragment(html).selfContained).toBe(false);
    const out = write({ target: "#tasks", html });
    // The region still ends where it did, and what follows it is untouched.
    expect(out).toMatch(
      /<section id="tasks">.*<\/section>\n {4}<aside id="side"><p>old<\/p><\/aside>/s,
    );
  });

  it("tells scripts a browser would run from templates and data", () => {
    expect(scanFragment("<script>draw(el)</script>").runsScript).toBe(true);
    expect(
      scanFragment(`<script type="module">import "x"</script>`).runsScript,
    ).toBe(true);
    expect(
      scanFragment(
        `<script type="text/template"><p>row</p></script><script type="application/json">{}</script>`,
      ).runsScript,
    ).toBe(false);
  });
});

describe("frames written into a page", () => {
  it("find elements that earlier frames wrote, by id and by any selector", () => {
    const out = write(
      {
        target: "#tasks",
        html: `<ul><li id="t1">one</li><li class="x">two</li></ul>`,
      },
      { target: "#t1", html: "ONE" },
      { target: "#tasks li.x", append: true, html: "!" },
      { target: "#side", remove: true },
      { title: "2 tasks" },
    );
    expect(out).toContain(
      `<section id="tasks"><ul><li id="t1">ONE</li><li class="x">two!</li></ul></section>`,
    );
    expect(out).not.toContain("side");
    expect(out).toContain("<title>2 tasks</title>");
  });

  it("leave the rest of the page as written", () => {
    const out = write({ target: "#tasks", html: "<p>done</p>" });
    expect(out.replace(`<p>done</p>`, "Loading...")).toBe(
      TASKS_PAGE.replace(`<meta charset="utf-8" />`, `<meta charset="utf-8">`),
    );
  });
});
