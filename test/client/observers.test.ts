// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import {
  flushMicrotasks,
  freshPageEachTest,
  startPage,
  type Page,
} from "./fakes.ts";

let page: Page | undefined;

freshPageEachTest();

function functions(): unknown[] {
  return page!.socket.messages().map((message) => message.function);
}

describe("data-liveview-init", () => {
  it("calls the function once for each element on the page at start, with its data", async () => {
    page = await startPage(
      `<div data-liveview-init="init_counter" data-data-counter-id="1" data-data-initial-value="0">
         <span id="counter-1-value"></span></div>`,
    );
    expect(page.socket.messages()).toEqual([
      expect.objectContaining({
        function: "init_counter",
        data: { counter_id: "1", initial_value: "0" },
      }),
    ]);
  });

  it("queues init calls made before the socket opens", async () => {
    document.body.innerHTML = `<div data-liveview-init="early"></div>`;
    page = await startPage(document.body.innerHTML);
    expect(functions()).toEqual(["early"]);
  });

  it("calls the function for elements inserted later, including by server html", async () => {
    page = await startPage(`<div id="slot"></div>`);
    page.socket.receive({
      target: "#slot",
      html: `<div data-liveview-init="init_widget" data-data-id="9"></div>`,
    });
    await flushMicrotasks();
    expect(page.socket.messages()).toEqual([
      expect.objectContaining({ function: "init_widget", data: { id: "9" } }),
    ]);
  });

  it("does not call it again when the same element is moved or re-rendered in place", async () => {
    page = await startPage(
      `<div id="a"><div id="w" data-liveview-init="init_w"></div></div><div id="b"></div>`,
    );
    document.querySelector("#b")!.append(document.querySelector("#w")!);
    page.socket.receive({
      target: "#b",
      html: `<div id="w" data-liveview-init="init_w"></div>`,
    });
    await flushMicrotasks();
    expect(functions()).toEqual(["init_w"]);
  });
  it("does not call it for an element the server prerendered, but does for one inserted later", async () => {
    page = await startPage(
      `<section id="tasks" data-liveview-init="load_tasks" data-liveview-prerender data-liveview-prerendered>
         <p>Done: 3</p></section><div id="slot"></div>`,
    );
    page.socket.receive({
      target: "#slot",
      html: `<div data-liveview-init="load_tasks" data-liveview-prerender></div>`,
    });
    await flushMicrotasks();
    expect(functions()).toEqual(["load_tasks"]);
    expect(page.socket.messages()).toHaveLength(1);
  });
});

describe("data-liveview-focus", () => {
  it("focuses the element on load", async () => {
    page = await startPage(
      `<input name="other"><input id="title" name="title" data-liveview-focus="true">`,
    );
    expect(document.activeElement).toBe(document.querySelector("#title"));
  });

  it("focuses an element inserted later", async () => {
    page = await startPage(`<input id="other"><div id="form"></div>`);
    document.querySelector<HTMLInputElement>("#other")!.focus();
    page.socket.receive({
      target: "#form",
      html: `<input id="title" name="title" data-liveview-focus="true">`,
    });
    await flushMicrotasks();
    expect(document.activeElement).toBe(document.querySelector("#title"));
  });

  it("skips a disabled candidate for the next one", async () => {
    page = await startPage(
      `<input id="off" disabled data-liveview-focus="true"><input id="on" data-liveview-focus="true">`,
    );
    expect(document.activeElement).toBe(document.querySelector("#on"));
  });
});

describe("intersect triggers", () => {
  const trigger = `<div id="load-more-trigger"><div id="sentinel" data-liveview-intersect-appear="load_more"
    data-data-page="2" data-liveview-intersect-threshold="200"><p>Loading more...</p></div></div>`;

  it("observes with the threshold as a pixel rootMargin", async () => {
    page = await startPage(trigger);
    expect(
      page.intersections.observed().get(document.querySelector("#sentinel")!),
    ).toBe("200px");
  });

  it("calls the appear function when the element enters the viewport, with its data", async () => {
    page = await startPage(trigger);
    page.intersections.set(document.querySelector("#sentinel")!, true);
    expect(page.socket.messages()).toEqual([
      expect.objectContaining({ function: "load_more", data: { page: "2" } }),
    ]);
  });

  it("calls disappear only after the element was visible (not for an off-screen element at load)", async () => {
    page = await startPage(
      `<div id="box" data-liveview-intersect-disappear="gone" data-liveview-intersect-appear="here"></div>`,
    );
    const box = document.querySelector("#box")!;
    page.intersections.set(box, false);
    expect(functions()).toEqual([]);
    page.intersections.set(box, true);
    page.intersections.set(box, false);
    page.intersections.set(box, true);
    expect(functions()).toEqual(["here", "gone", "here"]);
  });

  it("observes a sentinel the server inserts, and stops observing one it removes", async () => {
    page = await startPage(
      `<ul id="items-list"></ul><div id="load-more-trigger"></div>`,
    );
    page.socket.receive({
      target: "#load-more-trigger",
      html: `<div id="sentinel" data-liveview-intersect-appear="load_more" data-data-page="3"></div>`,
    });
    await flushMicrotasks();
    const sentinel = document.querySelector("#sentinel")!;
    expect(page.intersections.observed().get(sentinel)).toBe("0px");
    page.intersections.set(sentinel, true);
    expect(page.socket.messages()[0]).toMatchObject({
      function: "load_more",
      data: { page: "3" },
    });
    page.socket.receive({ target: "#load-more-trigger", html: "" });
    await flushMicrotasks();
    expect(page.intersections.observed().has(sentinel)).toBe(false);
  });

  it("re-arms a sentinel that a morph updated in place, so a still-visible one fires again", async () => {
    page = await startPage(trigger);
    const sentinel = document.querySelector("#sentinel")!;
    page.intersections.set(sentinel, true);
    page.socket.receive({
      target: "#load-more-trigger",
      html: `<div id="sentinel" data-liveview-intersect-appear="load_more" data-data-page="3"
        data-liveview-intersect-threshold="200"><p>Loading more...</p></div>`,
    });
    await flushMicrotasks();
    expect(document.querySelector("#sentinel")).toBe(sentinel);
    page.intersections.set(sentinel, true);
    expect(page.socket.messages().map((message) => message.data)).toEqual([
      { page: "2" },
      { page: "3" },
    ]);
  });

  it("is not re-armed by its own loading state", async () => {
    page = await startPage(trigger);
    const sentinel = document.querySelector("#sentinel")!;
    page.intersections.set(sentinel, true);
    await flushMicrotasks();
    page.intersections.set(sentinel, true);
    expect(sentinel.getAttribute("aria-busy")).toBe("true");
    expect(functions()).toEqual(["load_more"]);
  });

  it("warns and carries on where IntersectionObserver does not exist", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.stubGlobal("IntersectionObserver", undefined);
    page = await startPage(trigger, { IntersectionObserver: undefined });
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining("IntersectionObserver"),
    );
    page.handle.send("still_works");
    expect(functions()).toEqual(["still_works"]);
  });
});
