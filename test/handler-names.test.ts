import { describe, expect, it } from "vitest";
import { findHandlerNames } from "../plugin/handler-names.ts";

describe("the handler names a page calls", () => {
  it("finds every attribute that names a handler, on the line the attribute is written", () => {
    const page = [
      "<!doctype html>", // 1
      '<body data-controller="page" data-liveview-keyboard-map=\'{"ctrl+s": "save", "esc": " close "}\'>', // 2
      '  <button data-liveview-function="say_hello">Hi</button>', // 3
      "  <div", // 4
      '    class="counter"', // 5
      '    data-liveview-init="load_counter"', // 6
      '    data-liveview-intersect-appear="load_more"', // 7
      "    data-liveview-intersect-disappear='pause'", // 8
      "  ></div>", // 9
      '  <section data-liveview-reconnect="rejoin"><form data-liveview-recover=recover_draft></form></section>', // 10
      '  <div data-liveview-focus="true" data-liveview-loading-for="save" data-data-id="7"></div>', // 11
      "</body>", // 12
    ].join("\n");
    expect(findHandlerNames(page)).toEqual([
      { name: "save", line: 2 },
      { name: "close", line: 2 },
      { name: "say_hello", line: 3 },
      { name: "load_counter", line: 6 },
      { name: "load_more", line: 7 },
      { name: "pause", line: 8 },
      { name: "rejoin", line: 10 },
      { name: "recover_draft", line: 10 },
    ]);
  });

  it("reads markup as a browser does: comments, scripts and entity-encoded values", () => {
    const page = [
      '<!-- <button data-liveview-function="commented_out"> -->',
      "<script>document.body.innerHTML = '<b data-liveview-function=\"in_a_script\"></b>';</script>",
      '<template><button data-liveview-function="in_a_template_element"></button></template>',
      '<button data-liveview-function="say&#95;hello"></button>',
      "<div data-liveview-keyboard-map='not json'></div>",
      '<div data-liveview-keyboard-map=\'{"a": 1, "b": ""}\'></div>',
      '<button data-liveview-function="  "></button>',
    ].join("\n");
    expect(findHandlerNames(page)).toEqual([
      { name: "in_a_template_element", line: 3 },
      { name: "say_hello", line: 4 },
    ]);
  });

  it("skips names written with template code, and keeps the lines of what follows", () => {
    const template = [
      '<button data-liveview-function="<%= it.fn %>">', // 1
      '<button data-liveview-function="item_<%= it.id %>">', // 2
      "<% if (it.admin) { %>", // 3
      '  <button data-liveview-function="<%~ it.admin ?', // 4
      '    "ban" : "report" %>">', // 5
      "<% } %>", // 6
      '<input <%= it.checked ? "checked" : "" %> data-liveview-function="toggle">', // 7
      '<%~ include("row", { fn: "<b data-liveview-function=\'in_code\'>" }) %>', // 8
      '<div data-liveview-keyboard-map=\'{"esc": "<%= it.close %>", "enter": "submit"}\'></div>', // 9
      '<button data-liveview-function="save_<%_ it.kind _%>"></button>', // 10
      '<button data-liveview-function="last"></button>', // 11
    ].join("\n");
    expect(findHandlerNames(template)).toEqual([
      { name: "toggle", line: 7 },
      { name: "submit", line: 9 },
      { name: "last", line: 11 },
    ]);
  });
});
