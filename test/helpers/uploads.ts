/**
 * A hand-made uploader: speaks the upload protocol (src/upload-protocol.ts) over a plain test
 * socket, without the browser client's checks, so tests can send what a browser never would.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { TestClient } from "../../src/testing/index.ts";

export interface TestFile {
  name: string;
  type?: string;
  data: Buffer;
  /** Announced size, when a test lies about it. @default data.length */
  size?: number;
}

type Frame = Record<string, unknown>;

/** `[kind][ref][bytes]`: the binary frame of one chunk, or of a cancel. */
export function uploadFrame(
  ref: number,
  bytes: Buffer = Buffer.alloc(0),
  kind = 0,
): Buffer {
  const header = Buffer.alloc(5);
  header[0] = kind;
  header.writeUInt32BE(ref, 1);
  return Buffer.concat([header, bytes]);
}

export const cancelFrame = (ref: number) =>
  uploadFrame(ref, Buffer.alloc(0), 1);

/** The call as the browser client announces it: `uploads` with each file's name, type, size. */
export function announce(
  fn: string,
  id: number,
  files: Record<string, TestFile[]>,
  extra: Record<string, unknown> = {},
) {
  const uploads: Record<string, unknown[]> = {};
  for (const [field, list] of Object.entries(files))
    uploads[field] = list.map((file) => ({
      name: file.name,
      type: file.type ?? "application/octet-stream",
      size: file.size ?? file.data.length,
    }));
  return {
    function: fn,
    form: {},
    data: {},
    lang: "en",
    id,
    uploads,
    ...extra,
  };
}

/** The next frame that is not an upload progress frame. */
export async function nextAnswer(client: TestClient): Promise<Frame> {
  for (;;) {
    const frame = await client.receiveJson<Frame>();
    const upload = frame.upload as Frame | undefined;
    if (!upload || upload.refs) return frame;
  }
}

/** Streams `data` as chunks of file `ref`. */
export function sendChunks(
  client: TestClient,
  ref: number,
  data: Buffer,
  chunk = 64 * 1024,
): void {
  for (let at = 0; at < data.length; at += chunk)
    client.socket.send(uploadFrame(ref, data.subarray(at, at + chunk)));
}

/**
 * A whole call with files: announces them, waits for the refs, sends every file, and returns the
 * frames up to the call's ack or error (progress frames left out).
 */
export async function uploadCall(
  client: TestClient,
  fn: string,
  id: number,
  files: Record<string, TestFile[]>,
): Promise<Frame[]> {
  client.sendJson(announce(fn, id, files));
  const first = await nextAnswer(client);
  const refs = (first.upload as { refs?: Record<string, number[]> })?.refs;
  if (!refs) return [first];
  for (const [field, list] of Object.entries(files))
    list.forEach((file, index) =>
      sendChunks(client, refs[field]![index]!, file.data),
    );
  const frames: Frame[] = [];
  for (;;) {
    const frame = await nextAnswer(client);
    frames.push(frame);
    if (frame.ack === id || frame.id === id) return frames;
  }
}

/** Every file under `dir`, however deep (none when it does not exist). */
export function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name))
      : [join(dir, entry.name)],
  );
}
