// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"enableJavaScriptEvaluation": true, "suppressInsecureJavaScriptEnvironmentWarning": true}}
import { afterEach, describe, expect, it, vi } from "vitest";
import { freshPageEachTest, startPage, type Page } from "./fakes.ts";

let page: Page | undefined;

freshPageEachTest();

async function render(html: string): Promise<Page> {
  page = await startPage(html);
  return page;
}

function text(selector: string): string | undefined {
  return document.querySelector(selector)?.textContent?.trim();
}

describe("applying html", () => {
  it("replaces the target's content", async () => {
    const { socket } = await render(
      `<div id="my-element"><p>Old content</p></div>`,
    );
    socket.receive({ target: "#my-element", html: "<p>New content</p>" });
    expect(document.querySelector("#my-element")!.innerHTML).toBe(
      "<p>New content</p>",
    );
  });

  it("morphs: matching nodes are kept, so the focused input keeps focus, caret and typed text", async () => {
    const { socket } = await render(
      `<div id="form"><input id="name" name="name" value=""><p id="hint">Type your name</p></div>`,
    );
    const input = document.querySelector<HTMLInputElement>("#name")!;
    input.focus();
    input.value = "Ada Lov";
    input.setSelectionRange(3, 3);
    socket.receive({
      target: "#form",
      html: `<input id="name" name="name" value=""><p id="hint">3 matches</p>`,
    });
    expect(document.querySelector("#name")).toBe(input);
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe("Ada Lov");
    expect(input.selectionStart).toBe(3);
    expect(text("#hint")).toBe("3 matches");
  });

  it("replaces with plain innerHTML when the frame says morph: false", async () => {
    const { socket } = await render(
      `<div id="box"><input id="name" value=""></div>`,
    );
    const input = document.querySelector<HTMLInputElement>("#name")!;
    input.value = "typed";
    socket.receive({
      target: "#box",
      html: `<input id="name" value="fresh">`,
      morph: false,
    });
    const fresh = document.querySelector<HTMLInputElement>("#name")!;
    expect(fresh).not.toBe(input);
    expect(fresh.value).toBe("fresh");
  });

  it("appends at the end of the target with append: true", async () => {
    const { socket } = await render(`<ul id="items-list"><li>one</li></ul>`);
    socket.receive({
      target: "#items-list",
      html: "<li>two</li><li>three</li>",
      append: true,
    });
    expect(
      Array.from(document.querySelectorAll("li"), (li) => li.textContent),
    ).toEqual(["one", "two", "three"]);
  });

  it("keeps table rows as rows when appending to a tbody", async () => {
    const { socket } = await render(
      `<table><tbody id="rows"><tr><td>1</td></tr></tbody></table>`,
    );
    socket.receive({
      target: "#rows",
      html: "<tr><td>2</td></tr>",
      append: true,
    });
    expect(document.querySelectorAll("#rows tr")).toHaveLength(2);
  });

  it("removes the target with remove: true", async () => {
    const { socket } = await render(
      `<ul><li id="item-1">1</li><li id="item-2">2</li></ul>`,
    );
    socket.receive({ target: "#item-2", remove: true });
    expect(document.querySelector("#item-2")).toBeNull();
    expect(document.querySelector("#item-1")).not.toBeNull();
  });

  it("never renders 'undefined' when html is absent", async () => {
    const { socket } = await render(`<div id="box">kept</div>`);
    socket.receive({ target: "#box", title: "Only a title" });
    expect(text("#box")).toBe("kept");
    expect(document.title).toBe("Only a title");
  });

  it("empties the target when html is an empty string", async () => {
    const { socket } = await render(
      `<div id="load-more-trigger"><p>Loading more...</p></div>`,
    );
    socket.receive({ target: "#load-more-trigger", html: "" });
    expect(document.querySelector("#load-more-trigger")!.innerHTML).toBe("");
  });

  it("updates only the first element the selector matches", async () => {
    const { socket } = await render(`<p class="n">a</p><p class="n">b</p>`);
    socket.receive({ target: ".n", html: "x" });
    expect(
      Array.from(document.querySelectorAll(".n"), (p) => p.textContent),
    ).toEqual(["x", "b"]);
  });

  it("warns once, naming the selector, and changes nothing when the target is missing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { socket } = await render(`<div id="box">kept</div>`);
    document.title = "Before";
    const url = location.href;
    socket.receive({
      target: "#nope",
      html: "<p>x</p>",
      title: "After",
      url: "/after/",
      script: "document.body.dataset.ran = '1'",
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("#nope");
    expect(document.title).toBe("Before");
    expect(location.href).toBe(url);
    expect(document.body.dataset.ran).toBeUndefined();
    expect(text("#box")).toBe("kept");
  });
});

describe("title, scroll and scripts", () => {
  it("sets the document title", async () => {
    const { socket } = await render(`<div id="content"></div>`);
    socket.receive({
      target: "#content",
      html: "<p>x</p>",
      title: "New Page Title",
    });
    expect(document.title).toBe("New Page Title");
  });

  it("scrolls smoothly to the scroll selector, even without a target", async () => {
    const { socket } = await render(
      `<div id="content"><h2 id="section-2">Two</h2></div>`,
    );
    const section = document.querySelector("#section-2")!;
    const scrollIntoView = vi.fn();
    section.scrollIntoView = scrollIntoView;
    socket.receive({ scroll: "#section-2" });
    expect(scrollIntoView).toHaveBeenCalledWith(
      expect.objectContaining({ behavior: "smooth" }),
    );
  });

  it("scrolls to the top with scrollTop", async () => {
    const { socket } = await render(`<div id="content"></div>`);
    const scrollTo = vi.spyOn(window, "scrollTo").mockImplementation(() => {});
    socket.receive({ target: "#content", html: "<p>top</p>", scrollTop: true });
    expect(scrollTo).toHaveBeenCalledWith(expect.objectContaining({ top: 0 }));
  });

  it("scrolls to the top with scrollTop alone, with no target", async () => {
    const { socket } = await render(``);
    const scrollTo = vi.spyOn(window, "scrollTo").mockImplementation(() => {});
    socket.receive({ scrollTop: true });
    expect(scrollTo).toHaveBeenCalledWith({ top: 0, behavior: "smooth" });
  });

  it("logs an error a handler sends as {error} with no target", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { socket } = await render(`<div id="box">kept</div>`);
    socket.receive({ error: "Unauthorized" });
    expect(error).toHaveBeenCalledWith(expect.stringContaining("Unauthorized"));
    expect(text("#box")).toBe("kept");
  });

  it("runs a frame's script, with no target", async () => {
    const { socket } = await render(``);
    socket.receive({ script: "document.body.dataset.ran = 'yes'" });
    expect(document.body.dataset.ran).toBe("yes");
    expect(document.querySelectorAll("script")).toHaveLength(0);
  });

  it("gives a frame's script the page's CSP nonce", async () => {
    document.head.innerHTML = `<script nonce="abc123"></script>`;
    const { socket } = await render(``);
    const appended: HTMLScriptElement[] = [];
    const append = vi.spyOn(document.head, "appendChild");
    append.mockImplementation(function (this: HTMLHeadElement, node) {
      appended.push(node as unknown as HTMLScriptElement);
      return HTMLElement.prototype.appendChild.call(this, node);
    } as typeof document.head.appendChild);
    socket.receive({ script: "window.__nonceRan = true" });
    expect(appended[0]?.getAttribute("nonce")).toBe("abc123");
  });

  it("runs <script> tags inside html after insertion, once, with the nonce from <meta name=csp-nonce>", async () => {
    document.head.innerHTML = `<meta name="csp-nonce" content="n0nce">`;
    const { socket } = await render(`<div id="component-container"></div>`);
    socket.receive({
      target: "#component-container",
      html: `<div id="counter"><button id="increment">Count: <span>0</span></button></div>
        <script>
          window.__runs = (window.__runs ?? 0) + 1;
          document.getElementById('increment').dataset.seen = String(document.querySelector('#increment span') !== null);
        </script>`,
    });
    const script = document.querySelector("#component-container script")!;
    expect(script.getAttribute("nonce")).toBe("n0nce");
    expect(script.getAttribute("type")).toBeNull();
    expect((window as unknown as { __runs: number }).__runs).toBe(1);
    expect(
      document.querySelector<HTMLElement>("#increment")!.dataset.seen,
    ).toBe("true");
  });

  it("runs the scripts of appended html, and leaves non-JavaScript scripts alone", async () => {
    const { socket } = await render(`<ul id="list"></ul>`);
    socket.receive({
      target: "#list",
      append: true,
      html: `<li>a</li><script>document.body.dataset.appended = 'yes'</script>
        <script type="application/json" id="data">{"a": 1}</script>`,
    });
    expect(document.body.dataset.appended).toBe("yes");
    expect(document.querySelector("#data")!.getAttribute("type")).toBe(
      "application/json",
    );
  });
});

describe("inline scripts, cleanup and permanent elements", () => {
  type Probe = Window & { __seen?: unknown[] };
  const seen = (): unknown[] => ((window as Probe).__seen ??= []);

  afterEach(() => {
    delete (window as Probe).__seen;
  });

  it("gives an inline script its target as el and as this", async () => {
    const { socket } = await render(`<div id="widget"></div>`);
    socket.receive({
      target: "#widget",
      html: `<p>hi</p><script>window.__seen = [el.id, this === el, el.querySelector("p").textContent]</script>`,
    });
    expect(seen()).toEqual(["widget", true, "hi"]);
  });

  it("gives an appended script the target it was appended to, not the new child", async () => {
    const { socket } = await render(`<ul id="list"></ul>`);
    socket.receive({
      target: "#list",
      append: true,
      html: `<li>a</li><script>window.__seen = [el.id]</script>`,
    });
    expect(seen()).toEqual(["list"]);
  });

  it("keeps an inline script's declarations to itself, so loading it twice does not clash", async () => {
    const { socket } = await render(`<div id="widget"></div>`);
    const html = `<script>let count = 1; const name = "w"; (window.__seen ??= []).push(count)</script>`;
    socket.receive({ target: "#widget", html });
    socket.receive({ target: "#widget", html });
    expect(seen()).toEqual([1, 1]);
    expect("count" in window).toBe(false);
  });

  it("runs el.__cleanup() once, before the content it set up is replaced", async () => {
    const { socket } = await render(`<div id="widget"></div>`);
    socket.receive({
      target: "#widget",
      html: `<span>first</span><script>el.__cleanup = () => (window.__seen ??= []).push("cleanup saw " + el.querySelector("span").textContent)</script>`,
    });
    socket.receive({ target: "#widget", html: `<span>second</span>` });
    socket.receive({ target: "#widget", html: `<span>third</span>` });
    expect(seen()).toEqual(["cleanup saw first"]);
  });

  it("runs el.__cleanup() before the target is removed, and not when html is appended", async () => {
    const { socket } = await render(`<div id="widget"></div>`);
    socket.receive({
      target: "#widget",
      html: `<script>el.__cleanup = () => (window.__seen ??= []).push("cleanup")</script>`,
    });
    socket.receive({ target: "#widget", html: "<p>more</p>", append: true });
    expect(seen()).toEqual([]);
    socket.receive({ target: "#widget", remove: true });
    expect(seen()).toEqual(["cleanup"]);
  });

  it("runs el.__cleanup() of a container that a morph of its parent drops", async () => {
    const { socket } = await render(
      `<section id="panel"><div id="widget"></div></section>`,
    );
    socket.receive({
      target: "#widget",
      html: `<script>el.__cleanup = () => (window.__seen ??= []).push("cleanup")</script>`,
    });
    socket.receive({ target: "#panel", html: `<p>No widget now</p>` });
    expect(seen()).toEqual(["cleanup"]);
  });

  it("does not run scripts whose type is not JavaScript, and leaves their text as written", async () => {
    const { socket } = await render(`<div id="box"></div>`);
    socket.receive({
      target: "#box",
      html: `<script type="text/template" id="row"><li>{{name}}</li></script>
        <script type="text/template">window.__seen = ["ran"]</script>
        <script type="application/json" id="data">{"a": 1}</script>`,
    });
    expect(seen()).toEqual([]);
    expect(document.querySelector("#row")!.textContent).toBe(
      "<li>{{name}}</li>",
    );
    expect(document.querySelector("#data")!.textContent).toBe('{"a": 1}');
  });

  it("leaves a data-liveview-permanent element as it is when its parent is morphed", async () => {
    const { socket } = await render(`<section id="panel">
      <h2>Old</h2><div id="clock" data-liveview-permanent>0</div><div id="plain">0</div></section>`);
    const clock = document.querySelector<HTMLElement>("#clock")!;
    clock.textContent = "41";
    clock.dataset.state = "running";
    document.querySelector("#plain")!.textContent = "41";
    socket.receive({
      target: "#panel",
      html: `<h2>New</h2><div id="clock" data-liveview-permanent>0</div><div id="plain">0</div>`,
    });
    expect(text("#panel h2")).toBe("New");
    expect(document.querySelector("#clock")).toBe(clock);
    expect(clock.textContent).toBe("41");
    expect(clock.dataset.state).toBe("running");
    expect(text("#plain")).toBe("0");
  });
});

describe("url and Back/Forward", () => {
  it("pushes the url, and Back and Forward restore the content, title and scroll", async () => {
    const { socket } = await render(`<main id="content"><h1>Home</h1></main>`);
    document.title = "Home";
    const startLength = history.length;
    socket.receive({
      target: "#content",
      html: "<h1>New page</h1>",
      url: "/new-page/",
      title: "New Page Title",
    });
    expect(location.pathname).toBe("/new-page/");
    expect(history.length).toBe(startLength + 1);
    expect(text("#content")).toBe("New page");

    const scrollTo = vi.spyOn(window, "scrollTo").mockImplementation(() => {});
    const homeState: unknown = (await popTo(-1)) ?? null;
    expect(homeState).not.toBeNull();
    expect(text("#content")).toBe("Home");
    expect(document.title).toBe("Home");
    expect(scrollTo).toHaveBeenCalledWith(0, expect.any(Number));

    await popTo(1);
    expect(text("#content")).toBe("New page");
    expect(document.title).toBe("New Page Title");
  });

  it("reloads the page when Back reaches an entry it has no snapshot of (the page was reloaded since)", async () => {
    await render(`<main id="content">Home</main>`);
    const reload = vi.spyOn(location, "reload").mockImplementation(() => {});
    window.dispatchEvent(
      new PopStateEvent("popstate", { state: { liveview: "old-life-1" } }),
    );
    expect(reload).toHaveBeenCalledOnce();
  });

  it("logs an error and keeps the content change when the url cannot be pushed", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { socket } = await render(`<main id="content">Home</main>`);
    socket.receive({
      target: "#content",
      html: "Next",
      url: "https://elsewhere.example/",
    });
    expect(text("#content")).toBe("Next");
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining("elsewhere.example"),
      expect.anything(),
    );
  });

  it("ignores popstate entries that are not its own", async () => {
    const { socket } = await render(`<main id="content">Home</main>`);
    socket.receive({ target: "#content", html: "Next", url: "/next/" });
    window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
    expect(text("#content")).toBe("Next");
  });
});

/** Moves through history; fails when the move dispatched no popstate. */
async function popTo(delta: number): Promise<unknown> {
  // happy-dom dispatches popstate during go() for entries pushState made, as browsers do later.
  let seen = false;
  const listener = (): void => {
    seen = true;
  };
  window.addEventListener("popstate", listener);
  history.go(delta);
  window.removeEventListener("popstate", listener);
  if (!seen) throw new Error(`history.go(${delta}) dispatched no popstate`);
  await Promise.resolve();
  return history.state;
}
