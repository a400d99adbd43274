// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import { RESYNC_EVENT } from "../../client/events.ts";
import { freshPageEachTest, startPage, type Page } from "./fakes.ts";

let page: Page | undefined;

freshPageEachTest();

const markup = `
  <section id="chat" data-liveview-reconnect="chat_rejoin"></section>
  <form id="draft" data-liveview-recover="save_draft">
    <input name="title" value="">
    <textarea name="body"></textarea>
  </form>`;

/** The function names the client sent on a socket, in order. */
const calls = (messages: Record<string, unknown>[]): unknown[] =>
  messages.map((message) => message.function);

describe("after a reconnect", () => {
  it("calls each reconnect handler and sends each recover form's current values, but not on the first connect", async () => {
    vi.useFakeTimers();
    page = await startPage(markup);
    expect(calls(page.socket.messages())).toEqual([]);

    // What the user typed while the socket was up is what the server gets back.
    document.querySelector<HTMLInputElement>("[name=title]")!.value = "Plans";
    document.querySelector<HTMLTextAreaElement>("[name=body]")!.value = "Soon";
    page.socket.drop();
    await vi.advanceTimersByTimeAsync(10_000);
    const next = page.sockets.latest();
    expect(next).not.toBe(page.socket);
    next.accept();

    const sent = next.messages();
    expect(calls(sent)).toEqual(["chat_rejoin", "save_draft"]);
    expect(sent[1]!.form).toEqual({ title: "Plans", body: "Soon" });
  });

  it("on resync, fires liveview:resync and calls the reconnect handlers only: the forms were not lost", async () => {
    page = await startPage(markup);
    const heard: string[] = [];
    document.addEventListener(RESYNC_EVENT, (event) => heard.push(event.type));

    page.socket.receive({ t: "topic:chat", p: "9-0", resync: true });

    expect(heard).toEqual([RESYNC_EVENT]);
    expect(calls(page.socket.messages())).toEqual(["chat_rejoin"]);
  });
});
