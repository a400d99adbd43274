// "File Upload Handling" (seed 002): a script in the page reads the chosen file into a hidden
// field as a data URL, and the click sends it with the form. The handler trusts nothing: the type
// comes from the file's first bytes, not from its name or the browser's claim.
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";
import { formText } from "./_content.ts";

/** Frames are limited to 1 MiB by default, and base64 adds a third. */
const MAX_BYTES = 512 * 1024;

const SIGNATURES: { type: string; bytes: number[] }[] = [
  {
    type: "image/png",
    bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  },
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
  { type: "image/gif", bytes: [0x47, 0x49, 0x46, 0x38] },
];

function sniff(data: Buffer): string | undefined {
  return SIGNATURES.find(({ bytes }) =>
    bytes.every((byte, index) => data[index] === byte),
  )?.type;
}

liveviewHandler("upload_avatar", async (consumer, content) => {
  const dataUrl = formText(content, "avatar");
  const match = /^data:[\w.+-]*\/?[\w.+-]*;base64,([A-Za-z0-9+/]*={0,2})$/.exec(
    dataUrl,
  );
  let error: string | undefined;
  let image: { type: string; size: number; src: string } | undefined;
  if (!match) {
    error = "No file selected";
  } else {
    const data = Buffer.from(match[1] ?? "", "base64");
    const type = sniff(data);
    if (data.length > MAX_BYTES)
      error = "That file is too large (512 KB at most)";
    else if (!type) error = "That file is not a PNG, JPEG or GIF image";
    else
      image = {
        type,
        size: data.length,
        src: `data:${type};base64,${data.toString("base64")}`,
      };
  }
  send(consumer, {
    target: "#upload-status",
    html: await renderToString("upload_status", { error, image }),
  });
});
