// @vitest-environment happy-dom
/**
 * A prerendered call gets the content a live one gets: the server reads `data` and `form` from
 * the page's HTML by the rules the browser client applies to the DOM.
 */
import { describe, expect, it } from "vitest";
import { collectData, collectForm } from "../client/collect.ts";
import { parsePage } from "../src/page-document.ts";

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

describe("the content of a prerendered call", () => {
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
