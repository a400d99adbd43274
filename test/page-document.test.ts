/**
 * Writing handler frames into a page's HTML on the server: what goes in as written, what is
 * parsed and repaired in place, and what a later frame can still find.
 */
import { describe, expect, it } from "vitest";
import { parsePage, readChange } from "../src/page-document.ts";
import { scanFragment } from "../src/page-fragment.ts";

const PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Tasks</title></head>
  <body>
    <section id="tasks">Loading...</section>
    <aside id="side"><p>old</p></aside>
  </body>
</html>
`;

function write(...frames: object[]): string {
  const page = parsePage(PAGE);
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
      PAGE.replace(`<meta charset="utf-8" />`, `<meta charset="utf-8">`),
    );
  });
});
