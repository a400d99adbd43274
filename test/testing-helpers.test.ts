import { describe, expect, it, vi } from "vitest";
import { send } from "../src/index.ts";
import { createTestConsumer } from "../src/testing/index.ts";

describe("testing helpers", () => {
  it("createTestConsumer records every frame a handler sends", async () => {
    const consumer = createTestConsumer({
      room: "r",
      scope: { user: { id: 1 } },
    });
    await send(consumer, { target: "#a", html: "1" });
    await send(consumer, { script: "x()" });
    expect(consumer.sent).toEqual([
      { target: "#a", html: "1" },
      { script: "x()" },
    ]);
    expect(consumer.scope.user).toEqual({ id: 1 });
    expect(consumer.room).toBe("r");
  });

  it("createTestConsumer({ prerender: true }) stands for the page request of a prerender", () => {
    expect(createTestConsumer({ prerender: true }).prerender).toBe(true);
    expect(createTestConsumer().prerender).toBeUndefined();
  });

  it("a plain object with sendJson works as a consumer (Django LiveView's mock)", async () => {
    const sendJson = vi.fn();
    await send({ sendJson }, { target: "#a", html: "x" });
    expect(sendJson).toHaveBeenCalledWith({ target: "#a", html: "x" });
  });

  it("send to a closed consumer is a no-op, never a throw", async () => {
    const consumer = createTestConsumer();
    consumer.close();
    await expect(send(consumer, { html: "x" })).resolves.toBeUndefined();
    expect(consumer.sent).toEqual([]);
  });

  it("send never rejects, even when the consumer throws", async () => {
    const consumer = {
      sendJson() {
        throw new Error("socket gone");
      },
    };
    await expect(send(consumer, { html: "x" })).resolves.toBeUndefined();
  });

  it("a test consumer hears its own broadcast", async () => {
    const consumer = createTestConsumer();
    await send(consumer, { html: "all" }, { broadcast: true });
    expect(consumer.sent).toEqual([{ html: "all" }]);
  });
});
