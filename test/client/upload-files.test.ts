// @vitest-environment happy-dom
// Which files a call brings, and what the browser refuses before sending a byte.
import { beforeEach, describe, expect, it } from "vitest";
import { scopeOf } from "../../client/collect.ts";
import { checkUploads, collectUploads } from "../../client/upload-files.ts";

function give(input: HTMLInputElement, ...files: File[]): void {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
}

const file = (name: string, type = "") => new File(["x"], name, { type });
const $ = <T extends Element>(selector: string) =>
  document.querySelector<T>(selector)!;
const fieldsFor = (selector: string) => {
  const trigger = $(selector);
  return collectUploads(trigger, scopeOf(trigger));
};

describe("the files a call brings", () => {
  beforeEach(() => {
    document.body.innerHTML = `
      <div id="page">
        <form id="avatar-form">
          <input type="file" name="avatar" accept="image/*, .svg" data-liveview-upload>
          <input type="file" name="plain">
          <button id="save">Save</button>
        </form>
        <div id="box">
          <input type="file" name="docs" multiple data-liveview-upload>
          <input type="file" name="off" data-liveview-upload disabled>
          <button id="send">Send</button>
        </div>
        <button id="ping">Ping</button>
      </div>`;
  });

  it("takes the upload inputs of the trigger's form that hold files, by name", () => {
    give($("[name=avatar]"), file("me.png", "image/png"));
    give($("[name=plain]"), file("other.txt"));
    expect(
      fieldsFor("#save").map(({ name, files }) => [
        name,
        files.map((f) => f.name),
      ]),
    ).toEqual([["avatar", ["me.png"]]]);
  });

  it("leaves out the inputs of a form inside a container, disabled ones and empty ones", () => {
    give($("[name=avatar]"), file("me.png", "image/png"));
    give($("[name=off]"), file("x.bin"));
    expect(fieldsFor("#send")).toEqual([]);
    expect(fieldsFor("#ping")).toEqual([]);
    give($("[name=docs]"), file("a.txt"), file("b.txt"));
    expect(fieldsFor("#send").map(({ files }) => files.length)).toEqual([2]);
  });

  it("refuses, one issue per file, a type `accept` leaves out and a second file without `multiple`", () => {
    give($("[name=avatar]"), file("me.svg"), file("cv.pdf", "application/pdf"));
    expect(checkUploads(fieldsFor("#save"))).toEqual([
      {
        path: "avatar",
        message: "cv.pdf: one file too many (at most 1)",
      },
    ]);
    give($("[name=avatar]"), file("cv.pdf", "application/pdf"));
    expect(checkUploads(fieldsFor("#save"))).toEqual([
      {
        path: "avatar",
        message: "cv.pdf: not an accepted type (image/*, .svg)",
      },
    ]);
    give($("[name=docs]"), file("a.txt"), file("b.exe"));
    expect(checkUploads(fieldsFor("#send"))).toEqual([]);
  });
});
