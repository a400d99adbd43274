// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import { freshPageEachTest, startPage, type Page } from "./fakes.ts";

let page: Page | undefined;

freshPageEachTest();

const button = `<button id="save" data-liveview-function="save" data-action="click->page#run">Save</button>`;

function isBusy(): boolean {
  const element = document.querySelector("#save")!;
  return (
    element.getAttribute("aria-busy") === "true" &&
    element.classList.contains("liveview-loading")
  );
}

function isIdle(): boolean {
  const element = document.querySelector("#save")!;
  return (
    !element.hasAttribute("aria-busy") &&
    !element.classList.contains("liveview-loading")
  );
}

describe("loading state", () => {
  it("marks the trigger busy until its ack arrives", async () => {
    page = await startPage(button);
    document.querySelector<HTMLElement>("#save")!.click();
    expect(isBusy()).toBe(true);
    page.socket.receive({ ack: 2 });
    expect(isBusy()).toBe(true);
    page.socket.receive({ ack: 1 });
    expect(isIdle()).toBe(true);
  });

  it("clears on an error for that id, and logs the code", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    page = await startPage(button);
    document.querySelector<HTMLElement>("#save")!.click();
    page.socket.receive({
      error: "Unknown function",
      code: "LV_ERR_UNKNOWN_HANDLER",
      id: 1,
    });
    expect(isIdle()).toBe(true);
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining("LV_ERR_UNKNOWN_HANDLER"),
    );
  });

  it("logs an error without an id and leaves loading state alone", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    page = await startPage(button);
    document.querySelector<HTMLElement>("#save")!.click();
    page.socket.receive({ error: "Bad message", code: "LV_ERR_BAD_MESSAGE" });
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining("LV_ERR_BAD_MESSAGE"),
    );
    expect(isBusy()).toBe(true);
  });

  it("stays busy until every message of a trigger clicked twice is answered", async () => {
    page = await startPage(button);
    const save = document.querySelector<HTMLElement>("#save")!;
    save.click();
    save.click();
    page.socket.receive({ ack: 1 });
    expect(isBusy()).toBe(true);
    page.socket.receive({ ack: 2 });
    expect(isIdle()).toBe(true);
  });

  it("clears messages lost with a dropped socket, but keeps queued ones busy until answered", async () => {
    vi.useFakeTimers();
    page = await startPage(
      button +
        `<button id="later" data-liveview-function="later" data-action="click->page#run">L</button>`,
    );
    document.querySelector<HTMLElement>("#save")!.click();
    page.socket.drop();
    expect(isIdle()).toBe(true);
    const later = document.querySelector<HTMLElement>("#later")!;
    later.click();
    expect(later.getAttribute("aria-busy")).toBe("true");
    vi.advanceTimersByTime(3300);
    page.sockets.latest().accept();
    expect(
      page.sockets
        .latest()
        .messages()
        .map((m) => m.function),
    ).toEqual(["later"]);
    page.sockets.latest().receive({ ack: 2 });
    expect(later.hasAttribute("aria-busy")).toBe(false);
  });
});

describe("data-liveview-disable-with", () => {
  const saveButton = `<form><input name="title" value="Draft">
    <button id="save" type="submit" data-liveview-function="save" data-liveview-disable-with="Saving..."
      data-action="click->page#run"><b>Save</b> now</button></form>`;

  function save(): HTMLButtonElement {
    return document.querySelector<HTMLButtonElement>("#save")!;
  }

  it("disables the trigger and shows the text until the ack, then gives back its own nodes and state", async () => {
    page = await startPage(saveButton);
    const bold = save().querySelector("b")!;
    save().click();
    expect(save().disabled).toBe(true);
    expect(save().textContent).toBe("Saving...");
    page.socket.receive({ ack: 1 });
    expect(save().disabled).toBe(false);
    expect(save().innerHTML).toBe("<b>Save</b> now");
    expect(save().querySelector("b")).toBe(bold);
  });

  it("sends one call for a double click", async () => {
    page = await startPage(saveButton);
    save().click();
    save().click();
    save().dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(page.socket.messages()).toHaveLength(1);
    page.socket.receive({ ack: 1 });
    save().click();
    expect(page.socket.messages()).toHaveLength(2);
  });

  it("sends the form as it was, although the trigger is now disabled", async () => {
    page = await startPage(saveButton);
    save().click();
    expect(page.socket.messages()[0]).toMatchObject({
      function: "save",
      form: { title: "Draft" },
    });
  });

  it("gives the trigger back on an error for its call", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    page = await startPage(saveButton);
    save().click();
    page.socket.receive({
      error: "boom",
      code: "LV_ERR_HANDLER_FAILED",
      id: 1,
    });
    expect(save().disabled).toBe(false);
    expect(save().textContent).toBe("Save now");
  });

  it("gives the trigger back when its call is lost with the socket", async () => {
    page = await startPage(saveButton);
    save().click();
    page.socket.drop();
    expect(save().disabled).toBe(false);
    expect(save().textContent).toBe("Save now");
  });

  it("uses the value of an input button", async () => {
    page = await startPage(
      `<input id="go" type="submit" value="Send" data-liveview-function="send" data-liveview-disable-with="Sending" data-action="click->page#run">`,
    );
    const input = document.querySelector<HTMLInputElement>("#go")!;
    input.click();
    expect([input.value, input.disabled]).toEqual(["Sending", true]);
    page.socket.receive({ ack: 1 });
    expect([input.value, input.disabled]).toEqual(["Send", false]);
  });

  it("keeps what the server rendered into the trigger meanwhile", async () => {
    page = await startPage(`<div id="box">${saveButton}</div>`);
    save().click();
    page.socket.receive({
      target: "#box",
      html: `<form><button id="save" data-liveview-function="save" data-liveview-disable-with="Saving...">Saved!</button></form>`,
    });
    page.socket.receive({ ack: 1 });
    expect(save().textContent).toBe("Saved!");
    expect(save().disabled).toBe(false);
  });
});

describe("data-liveview-loading-for", () => {
  const spinners = `
    <span id="spinner" data-liveview-loading-for="save"></span>
    <span id="both" data-liveview-loading-for="save publish"></span>
    <span id="other" data-liveview-loading-for="publish"></span>`;

  function loading(id: string): boolean {
    return document.getElementById(id)!.classList.contains("liveview-loading");
  }

  it("marks the element while any call to its function is in flight", async () => {
    page = await startPage(button + spinners);
    document.querySelector<HTMLElement>("#save")!.click();
    page.handle.send("save");
    expect([loading("spinner"), loading("both"), loading("other")]).toEqual([
      true,
      true,
      false,
    ]);
    page.socket.receive({ ack: 1 });
    expect(loading("spinner")).toBe(true);
    page.socket.receive({ ack: 2 });
    expect([loading("spinner"), loading("both")]).toEqual([false, false]);
  });

  it("leaves the element's other classes alone", async () => {
    page = await startPage(
      `<span id="spinner" class="spinner" data-liveview-loading-for="save"></span>`,
    );
    page.handle.send("save");
    page.socket.receive({ ack: 1 });
    expect(document.getElementById("spinner")!.className).toBe("spinner");
  });
});

describe("debounce", () => {
  it("sends only the last input within the window, with the final value", async () => {
    vi.useFakeTimers();
    page = await startPage(
      `<input type="search" name="search" data-liveview-function="search_articles"
         data-liveview-debounce="500" data-action="input->page#run">`,
    );
    const input = document.querySelector<HTMLInputElement>("input")!;
    for (const value of ["p", "py", "pyt", "python"]) {
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      vi.advanceTimersByTime(200);
    }
    expect(page.socket.sent).toEqual([]);
    vi.advanceTimersByTime(299);
    expect(page.socket.sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(page.socket.messages()).toHaveLength(1);
    expect(page.socket.messages()[0]).toMatchObject({
      function: "search_articles",
      form: { search: "python" },
    });
  });

  it("debounces each element on its own", async () => {
    vi.useFakeTimers();
    page = await startPage(
      `<input name="a" data-liveview-function="fa" data-liveview-debounce="100" data-action="input->page#run">
       <input name="b" data-liveview-function="fb" data-liveview-debounce="100" data-action="input->page#run">`,
    );
    for (const input of Array.from(document.querySelectorAll("input"))) {
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    vi.advanceTimersByTime(100);
    expect(page.socket.messages().map((m) => m.function)).toEqual(["fa", "fb"]);
  });

  it("drops a pending debounced call when the client stops", async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, "warn");
    page = await startPage(
      `<input name="a" data-liveview-function="fa" data-liveview-debounce="100" data-action="input->page#run">`,
    );
    document
      .querySelector("input")!
      .dispatchEvent(new Event("input", { bubbles: true }));
    const { socket } = page;
    page.handle.stop();
    page = undefined;
    vi.advanceTimersByTime(1000);
    expect(socket.sent).toEqual([]);
    expect(warn.mock.calls).toEqual([]);
  });
});
