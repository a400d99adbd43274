/**
 * Templates as production renders them (compiled once, a template without `await` run as a
 * plain function): the same output as eta's own render, escaping kept, layouts and includes
 * resolved, awaiting templates and includes still awaited, a missing template a rejection.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTemplateRenderer } from "../src/templates.ts";
import { copyFixture } from "./helpers/vite.ts";

describe("templates compiled once (production)", () => {
  let app: ReturnType<typeof copyFixture>;
  let dir: string;
  const write = (name: string, source: string) =>
    writeFileSync(join(dir, name), source);
  beforeEach(() => {
    app = copyFixture();
    dir = join(app.root, "templates");
  });
  afterEach(() => app.remove());

  it("renders like eta, escaping what users typed, with its layout, with or without .eta", async () => {
    const cached = createTemplateRenderer({ dir, cache: true });
    const fresh = createTemplateRenderer({ dir, cache: false });
    const context = { name: "<script>x</script>" };
    const expected = await fresh.render("hello_message", context);
    expect(expected).toContain("&lt;script&gt;");
    expect(await cached.render("hello_message", context)).toBe(expected);
    expect(await cached.render("hello_message.eta", context)).toBe(expected);
    expect(await cached.render("hello_message", { name: "Bo" })).toContain(
      "Hello, Bo!",
    );
  });

  it("awaits a template that awaits, and a layout that awaits, as eta does", async () => {
    write("slow.eta", "<%= await Promise.resolve(it.word) %>");
    write("outer.eta", '[<%~ include("inner", it) %>]');
    write("inner.eta", "<%= await Promise.resolve(it.word) %>");
    write("outer_async.eta", '[<%~ await includeAsync("inner", it) %>]');
    write("framed.eta", '<% layout("frame") %>body');
    write("frame.eta", "<%= await Promise.resolve('<') %><%~ it.body %>");
    const cached = createTemplateRenderer({ dir, cache: true });
    expect(await cached.render("slow", { word: "<b>" })).toBe("&lt;b&gt;");
    expect(await cached.render("outer_async", { word: "hi" })).toBe("[hi]");
    const fresh = createTemplateRenderer({ dir, cache: false });
    expect(await cached.render("framed", {})).toBe(
      await fresh.render("framed", {}),
    );
    expect(await cached.render("framed", {})).toBe("&lt;body");
    // A synchronous include of an awaiting template fails in eta itself; here too, loudly.
    await expect(cached.render("outer", { word: "hi" })).rejects.toThrow();
  });

  it("keeps a compiled template: an edit on disk is not read again", async () => {
    write("edit.eta", "one");
    const cached = createTemplateRenderer({ dir, cache: true });
    expect(await cached.render("edit", {})).toBe("one");
    write("edit.eta", "two");
    expect(await cached.render("edit", {})).toBe("one");
  });

  it("rejects, never throws, for a missing template or one outside the folder", async () => {
    const cached = createTemplateRenderer({ dir, cache: true });
    let rendering: Promise<string> | undefined;
    expect(() => (rendering = cached.render("missing", {}))).not.toThrow();
    await expect(rendering).rejects.toThrow(/Could not find template/);
    await expect(cached.render("../package", {})).rejects.toThrow(
      /not in the views directory/,
    );
  });
});
