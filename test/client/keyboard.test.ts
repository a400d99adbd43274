// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import { keyName } from "../../client/keyboard.ts";
import {
  flushMicrotasks,
  freshPageEachTest,
  startPage,
  type Page,
} from "./fakes.ts";

let page: Page | undefined;

freshPageEachTest();

/** Presses `key` on `target` (the focused element, as a browser would); returns the event. */
function press(
  target: EventTarget,
  key: string,
  modifiers: Partial<
    Pick<KeyboardEvent, "ctrlKey" | "altKey" | "metaKey" | "shiftKey">
  > = {},
): KeyboardEvent {
  const event = new KeyboardEvent("keydown", {
    key,
    bubbles: true,
    cancelable: true,
    ...modifiers,
  });
  target.dispatchEvent(event);
  return event;
}

function calls(): unknown[] {
  return page!.socket.messages().map((message) => message.function);
}

describe("key names", () => {
  const name = (key: string, modifiers: KeyboardEventInit = {}): string =>
    keyName(new KeyboardEvent("keydown", { key, ...modifiers }));

  it("names letters and digits in lower case, without shift", () => {
    expect(name("s", { ctrlKey: true })).toBe("ctrl+s");
    expect(name("S", { ctrlKey: true, shiftKey: true })).toBe("ctrl+s");
    expect(name("A", { shiftKey: true })).toBe("a");
    expect(name("7")).toBe("7");
  });

  it("names the special keys", () => {
    const keys = [
      "Escape",
      "Enter",
      " ",
      "Tab",
      "ArrowUp",
      "ArrowDown",
      "ArrowLeft",
      "ArrowRight",
      "Home",
      "End",
      "PageUp",
      "PageDown",
    ];
    expect(keys.map((key) => name(key))).toEqual([
      "esc",
      "enter",
      "space",
      "tab",
      "up",
      "down",
      "left",
      "right",
      "home",
      "end",
      "page_up",
      "page_down",
    ]);
  });

  it("puts modifiers in the order ctrl, alt, meta, shift", () => {
    const all = { ctrlKey: true, altKey: true, metaKey: true, shiftKey: true };
    expect(name("ArrowLeft", all)).toBe("ctrl+alt+meta+shift+left");
    expect(name("Tab", { shiftKey: true })).toBe("shift+tab");
    expect(name("s", { metaKey: true, altKey: true })).toBe("alt+meta+s");
  });
});

describe("a keyboard map on <body>", () => {
  async function startGlobal(html = ""): Promise<Page> {
    document.body.setAttribute(
      "data-liveview-keyboard-map",
      '{"ctrl+s":"save","esc":"close","s":"search"}',
    );
    document.body.setAttribute("data-data-page", "7");
    page = await startPage(html);
    return page;
  }

  it("calls the handler from anywhere in the page, with the body's data, and prevents the default", async () => {
    await startGlobal(`<p id="text">Hello</p>`);
    const event = press(document.querySelector("#text")!, "s", {
      ctrlKey: true,
    });
    expect(event.defaultPrevented).toBe(true);
    expect(page!.socket.messages()).toEqual([
      expect.objectContaining({ function: "save", data: { page: "7" } }),
    ]);
  });

  it("leaves unmapped keys alone", async () => {
    await startGlobal();
    const event = press(document.body, "p", { ctrlKey: true });
    expect(event.defaultPrevented).toBe(false);
    expect(calls()).toEqual([]);
  });

  it("lets a field keep the letters typed into it, but not Ctrl+S or Esc", async () => {
    await startGlobal(`<input id="q" name="q">`);
    const input = document.querySelector("#q")!;
    expect(press(input, "s").defaultPrevented).toBe(false);
    press(input, "s", { ctrlKey: true });
    press(input, "Escape");
    expect(calls()).toEqual(["save", "close"]);
  });

  it("stops listening when the client stops", async () => {
    await startGlobal();
    const { socket } = page!;
    page!.handle.stop();
    page = undefined;
    press(document.body, "Escape");
    expect(socket.sent).toEqual([]);
  });
});

describe("a keyboard map on an element", () => {
  const editor = `<form id="editor" data-liveview-keyboard-map='{"ctrl+s":"save_draft","esc":"cancel"}'>
      <textarea name="body">Draft</textarea></form><p id="outside">outside</p>`;

  it("hears keys from inside the element only, and sends its form", async () => {
    page = await startPage(editor);
    press(document.querySelector("textarea")!, "s", { ctrlKey: true });
    press(document.querySelector("#outside")!, "Escape");
    expect(page.socket.messages()).toEqual([
      expect.objectContaining({
        function: "save_draft",
        form: { body: "Draft" },
      }),
    ]);
  });

  it("makes the element focusable, keeping a tabindex it already has", async () => {
    page = await startPage(
      editor +
        `<div id="list" tabindex="-1" data-liveview-keyboard-map='{"down":"next"}'></div>`,
    );
    expect(document.querySelector("#editor")!.getAttribute("tabindex")).toBe(
      "0",
    );
    expect(document.querySelector("#list")!.getAttribute("tabindex")).toBe(
      "-1",
    );
  });

  it("works for elements inserted later, and gets its tabindex back after a morph drops it", async () => {
    page = await startPage(`<div id="slot"></div>`);
    const html = `<div id="list" data-liveview-keyboard-map='{"down":"next"}'>Items</div>`;
    page.socket.receive({ target: "#slot", html });
    await flushMicrotasks();
    const list = document.querySelector("#list")!;
    press(list, "ArrowDown");
    expect(calls()).toEqual(["next"]);
    expect(list.getAttribute("tabindex")).toBe("0");

    page.socket.receive({
      target: "#slot",
      html: html.replace("Items", "More"),
    });
    await flushMicrotasks();
    expect(document.querySelector("#list")).toBe(list);
    expect(list.getAttribute("tabindex")).toBe("0");
  });

  it("wins over the global map for a key both know: one call", async () => {
    document.body.setAttribute("data-liveview-keyboard-map", '{"esc":"close"}');
    page = await startPage(editor);
    press(document.querySelector("textarea")!, "Escape");
    press(document.querySelector("#outside")!, "Escape");
    expect(calls()).toEqual(["cancel", "close"]);
  });

  it("reads the map at each key, so a changed map applies at once", async () => {
    page = await startPage(editor);
    const form = document.querySelector("#editor")!;
    form.setAttribute("data-liveview-keyboard-map", '{"esc":"close_editor"}');
    press(form, "Escape");
    expect(calls()).toEqual(["close_editor"]);
  });

  it("warns about a map that is not JSON and sends nothing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    page = await startPage(
      `<div id="bad" data-liveview-keyboard-map="{ctrl+s: save}"></div>`,
    );
    press(document.querySelector("#bad")!, "s", { ctrlKey: true });
    expect(calls()).toEqual([]);
    expect(String(warn.mock.calls[0]?.[0])).toContain(
      "data-liveview-keyboard-map",
    );
  });
});
