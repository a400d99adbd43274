// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import { freshPageEachTest, startPage, type Page } from "./fakes.ts";

let page: Page | undefined;

freshPageEachTest();

const contactForm = `
  <form id="contact" data-liveview-function="save_contact" data-action="submit->page#run">
    <input name="email" value="nope">
    <p data-liveview-error-for="email"></p>
    <input name="address.city" value="">
    <p data-liveview-error-for="address.city"></p>
    <input name="tags" type="checkbox" value="a">
    <input name="tags" type="checkbox" value="b">
    <p data-liveview-error-for="tags"></p>
    <button id="send">Send</button>
  </form>
  <form id="other" data-liveview-function="search" data-action="submit->page#run">
    <input name="email">
    <p data-liveview-error-for="email"></p>
  </form>`;

const text = (selector: string): string =>
  document.querySelector(selector)?.textContent ?? "";
const invalid = (selector: string): string | null =>
  document.querySelector(selector)!.getAttribute("aria-invalid");

function submit(id: string): void {
  document
    .querySelector(`#${id}`)!
    .dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
}

function refuse(id: number, issues: { path: string; message: string }[]) {
  page!.socket.receive({
    error: "Invalid input",
    code: "LV_ERR_INVALID_INPUT",
    id,
    issues,
  });
}

describe("issues of LV_ERR_INVALID_INPUT", () => {
  it("writes each message next to its field in the trigger's form, marks the field aria-invalid, and logs nothing", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const heard: unknown[] = [];
    document.addEventListener("liveview:error", (event) =>
      heard.push(event.detail.issues),
    );
    page = await startPage(contactForm);
    submit("contact");
    refuse(1, [
      { path: "email", message: "Enter a valid email" },
      { path: "email", message: "Too short" },
      { path: "address.city", message: "City is required" },
      { path: "tags", message: "Pick one" },
    ]);
    expect(text('#contact [data-liveview-error-for="email"]')).toBe(
      "Enter a valid email",
    );
    expect(text('[data-liveview-error-for="address.city"]')).toBe(
      "City is required",
    );
    expect(text('[data-liveview-error-for="tags"]')).toBe("Pick one");
    expect(invalid('#contact [name="email"]')).toBe("true");
    expect(invalid('[name="address.city"]')).toBe("true");
    for (const box of document.querySelectorAll('[name="tags"]'))
      expect(box.getAttribute("aria-invalid")).toBe("true");
    // The other form is not the trigger's.
    expect(text('#other [data-liveview-error-for="email"]')).toBe("");
    expect(invalid('#other [name="email"]')).toBeNull();
    expect(heard).toHaveLength(1);
    expect(error).not.toHaveBeenCalled();
  });

  it("clears messages and marks on that form's next successful ack, not on another form's", async () => {
    page = await startPage(contactForm);
    submit("contact");
    refuse(1, [{ path: "email", message: "Enter a valid email" }]);
    submit("other");
    page.socket.receive({ ack: 2 });
    expect(text('#contact [data-liveview-error-for="email"]')).toBe(
      "Enter a valid email",
    );
    submit("contact");
    page.socket.receive({ ack: 3 });
    expect(text('#contact [data-liveview-error-for="email"]')).toBe("");
    expect(invalid('#contact [name="email"]')).toBeNull();
  });

  it("replaces the previous refusal's messages: a field fixed since loses its message", async () => {
    page = await startPage(contactForm);
    submit("contact");
    refuse(1, [
      { path: "email", message: "Enter a valid email" },
      { path: "address.city", message: "City is required" },
    ]);
    submit("contact");
    refuse(2, [{ path: "address.city", message: "Unknown city" }]);
    expect(text('#contact [data-liveview-error-for="email"]')).toBe("");
    expect(invalid('#contact [name="email"]')).toBeNull();
    expect(text('[data-liveview-error-for="address.city"]')).toBe(
      "Unknown city",
    );
    expect(invalid('[name="address.city"]')).toBe("true");
  });

  it("uses the trigger's container when there is no form, as for the values sent", async () => {
    page = await startPage(`
      <div id="box">
        <input name="title" value="">
        <span data-liveview-error-for="title"></span>
        <button id="add" data-liveview-function="add" data-action="click->page#run">Add</button>
      </div>
      <div><span data-liveview-error-for="title"></span></div>`);
    document.querySelector<HTMLElement>("#add")!.click();
    refuse(1, [{ path: "title", message: "A title, please" }]);
    expect(
      [...document.querySelectorAll("[data-liveview-error-for]")].map(
        (element) => element.textContent,
      ),
    ).toEqual(["A title, please", ""]);
    expect(invalid('[name="title"]')).toBe("true");
  });

  it("leaves what the server rendered into a message element since", async () => {
    page = await startPage(contactForm);
    submit("contact");
    refuse(1, [{ path: "email", message: "Enter a valid email" }]);
    submit("contact");
    page.socket.receive({
      target: '#contact [data-liveview-error-for="email"]',
      html: "Checked on the server",
    });
    page.socket.receive({ ack: 2 });
    expect(text('#contact [data-liveview-error-for="email"]')).toBe(
      "Checked on the server",
    );
    expect(invalid('#contact [name="email"]')).toBeNull();
  });

  it("logs the refusal when an issue has no element to show it in", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    page = await startPage(contactForm);
    submit("contact");
    refuse(1, [
      { path: "email", message: "Enter a valid email" },
      { path: "phone", message: "Required" },
    ]);
    expect(text('#contact [data-liveview-error-for="email"]')).toBe(
      "Enter a valid email",
    );
    expect(error).toHaveBeenCalledWith(
      "LiveView LV_ERR_INVALID_INPUT: Invalid input",
    );
  });
});
