// Uploads: an avatar (one image, moved out of the upload folder to keep it) and documents (many
// files of any type, looked at and let go: the server removes them once the handler returned).
// The limits below are checked in the server before any byte is sent, and again as bytes arrive.
import { createHash } from "node:crypto";
import { mkdir, open, readFile, rename } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  liveviewHandler,
  renderToString,
  send,
} from "vite-plugin-liveview/server";

/** Where avatars are kept: one per room, so trying the page does not fill the disk. */
const AVATARS = join(tmpdir(), "liveview-playground-avatars");

const SIGNATURES: { type: string; bytes: number[] }[] = [
  { type: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47] },
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
  { type: "image/gif", bytes: [0x47, 0x49, 0x46, 0x38] },
  { type: "image/webp", bytes: [0x52, 0x49, 0x46, 0x46] },
];

/** The type from the file's first bytes: the browser's claim is the user's to make up. */
async function sniff(path: string): Promise<string | undefined> {
  const file = await open(path);
  try {
    const { buffer } = await file.read(Buffer.alloc(8), 0, 8, 0);
    return SIGNATURES.find(({ bytes }) =>
      bytes.every((byte, index) => buffer[index] === byte),
    )?.type;
  } finally {
    await file.close();
  }
}

liveviewHandler(
  "save_avatar",
  { uploads: { avatar: { accept: ["image/*"], maxBytes: 2_000_000 } } },
  async (consumer, { uploads }) => {
    const [file] = uploads.avatar;
    const type = file && (await sniff(file.path));
    let avatar: { name: string; size: number; src: string } | undefined;
    if (file && type) {
      await mkdir(AVATARS, { recursive: true });
      const room = createHash("sha256").update(consumer.room).digest("hex");
      const kept = join(AVATARS, room.slice(0, 16));
      // Moved, so it stays when the handler returns.
      await rename(file.path, kept);
      const data = await readFile(kept);
      avatar = {
        name: file.name,
        size: file.size,
        src: `data:${type};base64,${data.toString("base64")}`,
      };
    }
    send(consumer, {
      target: "#avatar",
      html: await renderToString("uploads/avatar", {
        avatar,
        error: !file
          ? "Choose an image first."
          : !type
            ? `${file.name} is not a PNG, JPEG, GIF or WebP image.`
            : undefined,
      }),
    });
  },
);

liveviewHandler(
  "save_documents",
  { uploads: { documents: { maxFiles: 200, maxBytes: 50_000_000 } } },
  async (consumer, { uploads }) => {
    const files = uploads.documents;
    send(consumer, {
      target: "#documents",
      html: await renderToString("uploads/documents", {
        files: files.slice(0, 20),
        more: Math.max(0, files.length - 20),
        count: files.length,
        bytes: files.reduce((sum, file) => sum + file.size, 0),
      }),
    });
  },
);

liveviewHandler("upload_ping", (consumer) => {
  send(consumer, {
    target: "#upload-ping",
    html: `Answered at ${new Date().toLocaleTimeString("en-GB")}`,
  });
});
