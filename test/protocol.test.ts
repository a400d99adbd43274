import { describe, expect, it } from "vitest";
import {
  decodeFrame,
  parseClientMessage,
  ProtocolError,
} from "../src/protocol.ts";

describe("parseClientMessage", () => {
  it("narrows a browser message, keeps the id as given, and takes the socket's room over the message's", () => {
    expect(
      parseClientMessage(
        {
          function: "f",
          data: { a: "1" },
          form: { b: true },
          lang: "es",
          room: "r",
          url: "/tasks?filter=done",
          id: 4,
        },
        "socket-room",
      ),
    ).toEqual({
      function: "f",
      data: { a: "1" },
      form: { b: true },
      lang: "es",
      room: "socket-room",
      url: "/tasks?filter=done",
      id: 4,
    });
  });

  it("accepts language tags and refuses anything else as lang", () => {
    for (const lang of ["en", "pt-BR", "zh-Hant-TW", "en_US", null, ""]) {
      expect(() =>
        parseClientMessage({ function: "f", lang }, "r"),
      ).not.toThrow();
    }
    for (const lang of [
      "x".repeat(36),
      "en US",
      "../../etc",
      "\u001b[31m",
      5,
    ]) {
      expect(() => parseClientMessage({ function: "f", lang }, "r")).toThrow(
        /"lang" must be a language tag/,
      );
    }
  });

  it("gives a missing form or data the same null-prototype object as a present one", () => {
    const parsed = parseClientMessage({ function: "f" }, "r");
    expect(Object.getPrototypeOf(parsed.form)).toBeNull();
    expect(Object.getPrototypeOf(parsed.data)).toBeNull();
  });

  it("fills missing data, form, lang, room and url", () => {
    expect(parseClientMessage({ function: "f" }, "socket-room")).toEqual({
      function: "f",
      data: {},
      form: {},
      lang: "",
      room: "socket-room",
      url: "",
    });
  });

  it("takes url only as a string (the original client sends none)", () => {
    expect(parseClientMessage({ function: "f", url: 7 }, "r").url).toBe("");
  });

  it("names the original client's dataset keys as our client does", () => {
    // What Django LiveView's client sends for data-data-comment-id="7", data-data-x-1="a",
    // data-user-id="3" and data-bs-toggle="modal": the trigger's whole dataset, camelCased.
    const parsed = parseClientMessage(
      {
        function: "f",
        data: {
          dataCommentId: "7",
          "dataX-1": "a",
          userId: "3",
          bsToggle: "modal",
          item_id: "9",
        },
      },
      "r",
    );
    expect(parsed.data).toEqual({
      comment_id: "7",
      x_1: "a",
      userId: "3",
      bsToggle: "modal",
      item_id: "9",
    });
  });

  it("keeps __proto__ as a plain key instead of touching prototypes", () => {
    const parsed = parseClientMessage(
      JSON.parse('{"function":"f","data":{"__proto__":"x"}}'),
      "r",
    );
    expect(Object.keys(parsed.data)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each([
    [[1], "must be a JSON object"],
    [{ data: {} }, '"function" must be a non-empty string'],
    [{ function: "" }, '"function" must be a non-empty string'],
    [{ function: "f", data: "x" }, '"data" must be an object'],
    [{ function: "f", data: { a: true } }, '"data.a" has an unsupported value'],
    [
      { function: "f", form: { a: { b: 1 } } },
      '"form.a" has an unsupported value',
    ],
    [{ function: "f", id: [1] }, '"id" must be a string or a number'],
  ])("refuses %j with LV_ERR_BAD_MESSAGE (%s)", (raw, text) => {
    try {
      parseClientMessage(raw, "r");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error).toMatchObject({ code: "LV_ERR_BAD_MESSAGE" });
      expect((error as Error).message).toContain(text);
    }
  });

  it("decodeFrame refuses text that is not JSON", () => {
    expect(() => decodeFrame("{")).toThrow(ProtocolError);
  });
});
