// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { collectData, collectForm } from "../../client/collect.ts";
import { parsePage } from "../../src/page-document.ts";
import {
  flushMicrotasks,
  resetDocument,
  startPage,
  type Page,
} from "./fakes.ts";

let page: Page | undefined;

beforeEach(() => {
  resetDocument();
  document.documentElement.setAttribute("lang", "en");
  document.documentElement.setAttribute("data-room", "room-1");
});

afterEach(() => {
  page?.handle.stop();
  page = undefined;
  vi.restoreAllMocks();
});

function click(selector: string): void {
  const element = document.querySelector<HTMLElement>(selector);
  if (element === null) throw new Error(`no ${selector}`);
  element.click();
}

async function clickAndRead(
  html: string,
  selector: string,
): Promise<Record<string, unknown>> {
  page = await startPage(html);
  click(selector);
  const messages = page.socket.messages();
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

describe("the message a trigger sends", () => {
  it("has exactly the keys function, data, form, lang, room, url and id", async () => {
    history.replaceState(null, "", "/tasks/?filter=done#top");
    const message = await clickAndRead(
      `<button data-liveview-function="say_hello" data-action="click->page#run">Hi</button>`,
      "button",
    );
    expect(message).toEqual({
      function: "say_hello",
      data: {},
      form: {},
      lang: "en",
      room: "room-1",
      url: "/tasks/?filter=done",
      id: 1,
    });
    history.replaceState(null, "", "/");
  });

  it("sends data-data-item-id as data.item_id, and no other data-* attribute", async () => {
    const message = await clickAndRead(
      `<button data-liveview-function="open_modal" data-data-modal-id="123" data-data-user-id="456"
         data-data-modal-type="confirmation" data-bs-toggle="modal" data-user="x"
         data-action="click->page#run">Open</button>`,
      "button",
    );
    expect(message.data).toEqual({
      modal_id: "123",
      user_id: "456",
      modal_type: "confirmation",
    });
  });

  it("collects the inputs next to the trigger in a plain container (the docs' say_hello example)", async () => {
    const message = await clickAndRead(
      `<div><input type="text" name="name" value="Ada">
         <button data-liveview-function="say_hello" data-action="click->page#run">Say Hello</button>
         <div id="greeting"></div></div>
       <input name="elsewhere" value="not sent">`,
      "button",
    );
    expect(message.form).toEqual({ name: "Ada" });
  });

  it("leaves out the fields of a form nested in the container", async () => {
    const message = await clickAndRead(
      `<div><input name="q" value="py">
         <button data-liveview-function="search" data-action="click->page#run">Search</button>
         <form><input name="password" type="password" value="secret"></form></div>`,
      "button",
    );
    expect(message.form).toEqual({ q: "py" });
  });

  it("collects every field of the closest form, whatever their nesting", async () => {
    const message = await clickAndRead(
      `<form><fieldset><input name="email" value="a@b.c"><textarea name="body">Hello</textarea></fieldset>
         <div><button type="submit" data-liveview-function="send" data-action="click->page#run">Send</button></div>
       </form>`,
      "button",
    );
    expect(message.form).toEqual({ email: "a@b.c", body: "Hello" });
  });

  it("sends checkboxes as booleans, the checked radio's value, and select multiple as an array", async () => {
    const message = await clickAndRead(
      `<form>
         <input type="checkbox" name="agree" checked>
         <input type="checkbox" name="newsletter" value="yes">
         <input type="radio" name="size" value="s"><input type="radio" name="size" value="m" checked>
         <input type="radio" name="color" value="red"><input type="radio" name="color" value="blue">
         <select name="tags" multiple><option value="a" selected>A</option><option value="b">B</option>
           <option value="c" selected>C</option></select>
         <select name="one"><option value="x">X</option><option value="y" selected>Y</option></select>
         <button data-liveview-function="save" data-action="click->page#run">Save</button>
       </form>`,
      "button",
    );
    expect(message.form).toEqual({
      agree: true,
      newsletter: false,
      size: "m",
      tags: ["a", "c"],
      one: "y",
    });
  });

  it("sends a group of checkboxes sharing a name as the list of checked values", async () => {
    const message = await clickAndRead(
      `<form><input type="checkbox" name="topics" value="js" checked>
         <input type="checkbox" name="topics" value="py"><input type="checkbox" name="topics" value="go" checked>
         <button data-liveview-function="save" data-action="click->page#run">Save</button></form>`,
      "button",
    );
    expect(message.form).toEqual({ topics: ["js", "go"] });
  });

  it("skips disabled fields, fields without a name, and buttons", async () => {
    const message = await clickAndRead(
      `<form><input name="kept" value="1"><input name="off" value="2" disabled>
         <fieldset disabled><input name="inside" value="3"></fieldset>
         <input value="nameless"><input type="submit" name="go" value="Go">
         <button name="btn" value="b" data-liveview-function="save" data-action="click->page#run">Save</button></form>`,
      "button",
    );
    expect(message.form).toEqual({ kept: "1" });
  });

  it("keeps field names exactly as written", async () => {
    const message = await clickAndRead(
      `<div><input name="firstName" value="Ada"><input name="last-name" value="L"><input name="user[email]" value="e">
         <button data-liveview-function="save" data-action="click->page#run">Save</button></div>`,
      "button",
    );
    expect(message.form).toEqual({
      firstName: "Ada",
      "last-name": "L",
      "user[email]": "e",
    });
  });

  it("includes the trigger itself when it is a field", async () => {
    page = await startPage(
      `<section><input name="search" value="py" data-liveview-function="search"
         data-action="input->page#run"></section>`,
    );
    document
      .querySelector("input")!
      .dispatchEvent(new Event("input", { bubbles: true }));
    expect(page.socket.messages()[0]?.form).toEqual({ search: "py" });
  });

  it("reads lang from <html lang> at send time, and sends an empty lang when there is none", async () => {
    page = await startPage(
      `<button data-liveview-function="f" data-action="click->page#run">x</button>`,
    );
    document.documentElement.setAttribute("lang", "es");
    click("button");
    document.documentElement.removeAttribute("lang");
    click("button");
    expect(page.socket.messages().map((message) => message.lang)).toEqual([
      "es",
      "",
    ]);
  });

  it("numbers messages with a per-page counter", async () => {
    page = await startPage(
      `<button data-liveview-function="f" data-action="click->page#run">x</button>`,
    );
    click("button");
    click("button");
    expect(page.handle.send("from_code")).toBe(3);
    expect(page.socket.messages().map((message) => message.id)).toEqual([
      1, 2, 3,
    ]);
  });

  it("sends from code with extra data and form through handle.send", async () => {
    page = await startPage(``);
    page.handle.send("ping", { data: { a: "1" }, form: { q: "x" } });
    expect(page.socket.messages()[0]).toMatchObject({
      function: "ping",
      data: { a: "1" },
      form: { q: "x" },
    });
  });
});

describe("the page controller", () => {
  it("logs an error and sends nothing when the trigger has no data-liveview-function", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    page = await startPage(`<button data-action="click->page#run">x</button>`);
    click("button");
    expect(page.socket.sent).toEqual([]);
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining("data-liveview-function"),
      expect.anything(),
    );
  });

  it("runs on any event: submit, change, blur and keydown", async () => {
    page = await startPage(
      `<form data-liveview-function="on_submit" data-action="submit->page#run"><input name="q" value="1"></form>
       <select name="s" data-liveview-function="on_change" data-action="change->page#run"><option>o</option></select>
       <input name="e" data-liveview-function="on_blur" data-action="blur->page#run">
       <input name="k" data-liveview-function="on_key" data-action="keydown->page#run">`,
    );
    document
      .querySelector("form")!
      .dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    document
      .querySelector("select")!
      .dispatchEvent(new Event("change", { bubbles: true }));
    document.querySelector('[name="e"]')!.dispatchEvent(new FocusEvent("blur"));
    document
      .querySelector('[name="k"]')!
      .dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
    expect(page.socket.messages().map((message) => message.function)).toEqual([
      "on_submit",
      "on_change",
      "on_blur",
      "on_key",
    ]);
    expect(page.socket.messages()[0]?.form).toEqual({ q: "1" });
  });

  it("prevents a submit from navigating, but leaves a key's default alone", async () => {
    page = await startPage(
      `<form data-liveview-function="go" data-action="submit->page#run"></form>
       <input name="k" data-liveview-function="key" data-action="keydown->page#run">`,
    );
    const submit = new Event("submit", { bubbles: true, cancelable: true });
    document.querySelector("form")!.dispatchEvent(submit);
    const key = new KeyboardEvent("keydown", {
      key: "a",
      bubbles: true,
      cancelable: true,
    });
    document.querySelector("input")!.dispatchEvent(key);
    expect(submit.defaultPrevented).toBe(true);
    expect(key.defaultPrevented).toBe(false);
  });

  it("keeps a link from navigating", async () => {
    page = await startPage(
      `<a href="/elsewhere" data-liveview-function="go" data-action="click->page#run">go</a>`,
    );
    const event = new MouseEvent("click", { bubbles: true, cancelable: true });
    document.querySelector("a")!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(page.socket.messages()[0]?.function).toBe("go");
  });

  it("keeps a form's submit button from submitting it", async () => {
    page = await startPage(
      `<form action="/nowhere"><input name="q" value="1">
         <button data-liveview-function="go" data-action="click->page#run">Go</button></form>`,
    );
    const event = new MouseEvent("click", { bubbles: true, cancelable: true });
    document.querySelector("button")!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(page.socket.messages()[0]?.form).toEqual({ q: "1" });
  });

  it("leaves a checkbox's click alone, so it still toggles", async () => {
    page = await startPage(
      `<input type="checkbox" name="done" data-liveview-function="toggle" data-action="click->page#run">`,
    );
    const event = new MouseEvent("click", { bubbles: true, cancelable: true });
    document.querySelector("input")!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });

  it("page#stop keeps a click inside a dialog from closing its overlay", async () => {
    page = await startPage(
      `<div class="overlay" data-action="click->page#run" data-liveview-function="close_dialog">
         <div class="dialog" data-action="click->page#stop">
           <p id="text">Are you sure?</p>
           <button data-liveview-function="confirm_action" data-data-action-id="123"
             data-action="click->page#run">Confirm</button>
         </div></div>`,
    );
    click("#text");
    click("button");
    click(".overlay");
    expect(page.socket.messages().map((message) => message.function)).toEqual([
      "confirm_action",
      "close_dialog",
    ]);
    expect(page.socket.messages()[0]?.data).toEqual({ action_id: "123" });
  });

  it("registers on an application the page already runs, and removes only its controller on stop", async () => {
    const { Application } = await import("@hotwired/stimulus");
    const application = Application.start();
    page = await startPage(
      `<button data-liveview-function="f" data-action="click->page#run">x</button>`,
      {
        application,
      },
    );
    expect(page.handle.application).toBe(application);
    click("button");
    expect(page.socket.messages()).toHaveLength(1);
    page.handle.stop();
    expect(
      application.router.modules.map((module) => module.identifier),
    ).toEqual([]);
    click("button");
    expect(page.socket.messages()).toHaveLength(1);
    application.stop();
    page = undefined;
  });

  it("works for triggers inserted after start", async () => {
    page = await startPage(`<div id="slot"></div>`);
    document.querySelector("#slot")!.innerHTML =
      `<button data-liveview-function="late" data-action="click->page#run">late</button>`;
    await flushMicrotasks();
    click("button");
    expect(page.socket.messages()[0]?.function).toBe("late");
  });
});

/** What the client sends for the init element of `body`, and what the server reads from it. */
function bothSides(body: string) {
  document.body.innerHTML = body;
  const element = document.querySelector("[data-liveview-init]")!;
  const browser = { data: collectData(element), form: collectForm(element) };
  const [region] = parsePage(
    `<!doctype html><html><body>${body}</body></html>`,
  ).regions();
  return { browser, server: { data: region?.data, form: region?.form } };
}

describe("the content of a prerendered call (read by the server from the page's HTML)", () => {
  it("has the data and form the browser client would send for a form", () => {
    const { browser, server } = bothSides(`
      <form>
        <input name="title" value="Tea &amp; cake">
        <input type="checkbox" name="done" checked>
        <input type="checkbox" name="urgent">
        <input type="checkbox" name="tags" value="home" checked>
        <input type="checkbox" name="tags" value="work">
        <input type="checkbox" name="tags" value="garden" checked>
        <input type="radio" name="size" value="s">
        <input type="radio" name="size" value="m" checked>
        <input type="radio" name="colour" value="red">
        <select name="list"><option>Inbox</option><option value="2" selected>Later</option></select>
        <select name="first"><option disabled>None</option><option>Something</option></select>
        <select name="people" multiple><option value="a" selected>A</option><option value="b">B</option><option selected>C</option></select>
        <textarea name="notes">line one
line &lt;two&gt;</textarea>
        <input name="off" value="x" disabled>
        <fieldset disabled><legend><input name="in-legend" value="kept"></legend><input name="in-set" value="dropped"></fieldset>
        <input type="submit" name="go" value="Go">
        <input value="nameless">
        <section data-liveview-init="load_tasks" data-liveview-prerender data-data-list-id="7" data-data-x="a&quot;b" data-other="no"></section>
      </form>`);
    expect(server).toEqual(browser);
    expect(server.form).toMatchObject({ title: "Tea & cake", done: true });
  });

  it("takes the fields of the parent when there is no form, leaving a nested form's out", () => {
    const { browser, server } = bothSides(`
      <div>
        <input name="q" value="tea">
        <form><input name="password" value="secret"></form>
        <div data-liveview-init="search" data-liveview-prerender></div>
      </div>`);
    expect(server).toEqual(browser);
    expect(server.form).toEqual({ q: "tea" });
  });
});
