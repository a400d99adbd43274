/**
 * The upload part of the wire format. A call whose form holds files carries
 * `"uploads": {"avatar": [{"name", "type", "size"}]}`; the server answers
 * `{"upload": {"id", "refs": {"avatar": [ref]}}}`, then the page streams each file, in order, as
 * binary frames `[kind][ref: uint32 BE][bytes]` on the same socket, and the server acknowledges
 * what it wrote to disk with `{"upload": {"ref", "received"}}`. client/upload-stream.ts writes the
 * same layout.
 */
import type { DeclaredFile } from "./upload-limits.ts";

/** First byte of a binary frame: file bytes follow, or the page gives the file up. */
export const CHUNK_FRAME = 0;
export const CANCEL_FRAME = 1;
/** Kind byte and ref. */
export const UPLOAD_HEADER_BYTES = 5;

export interface UploadFrame {
  kind: typeof CHUNK_FRAME | typeof CANCEL_FRAME;
  ref: number;
  /** File bytes (a view into the frame, empty for a cancel). */
  bytes: Buffer;
}

/** A binary frame in the upload layout, or undefined. */
export function readUploadFrame(data: Buffer): UploadFrame | undefined {
  if (data.length < UPLOAD_HEADER_BYTES) return undefined;
  const kind = data[0];
  if (kind !== CHUNK_FRAME && kind !== CANCEL_FRAME) return undefined;
  return {
    kind,
    ref: data.readUInt32BE(1),
    bytes: data.subarray(UPLOAD_HEADER_BYTES),
  };
}

/** Answers a call with files: go ahead, stream them under these refs. */
export interface UploadStartFrame {
  upload: { id: string | number; refs: Record<string, number[]> };
}

/** How many bytes of file `ref` are on disk: progress, and the page's signal to send more. */
export interface UploadProgressFrame {
  upload: { ref: number; received: number };
}

/** Longer names keep their end (and so their extension); a longer type is no MIME type. */
const MAX_NAME = 255;
const MAX_TYPE = 127;

function readFile(raw: unknown): DeclaredFile | undefined {
  const file = raw as Partial<Record<keyof DeclaredFile, unknown>> | null;
  const { name, type, size } = file ?? {};
  if (
    typeof name !== "string" ||
    name.length === 0 ||
    typeof type !== "string" ||
    type.length > MAX_TYPE ||
    typeof size !== "number" ||
    !Number.isSafeInteger(size) ||
    size < 0
  )
    return undefined;
  // Only the last part of a name: a page cannot suggest where a file goes.
  const last = name.split(/[/\\]/).pop() || "file";
  return { name: last.slice(-MAX_NAME), type, size };
}

/**
 * `uploads` of a client message, narrowed: field name to the files it announces. Returns what is
 * wrong instead, as text, when it is not that shape (protocol.ts turns it into a refusal).
 */
export function readUploads(
  value: unknown,
): Record<string, DeclaredFile[]> | string {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return '"uploads" must be an object';
  const uploads: Record<string, DeclaredFile[]> = Object.create(null);
  for (const [field, files] of Object.entries(value)) {
    if (!Array.isArray(files)) return `"uploads.${field}" must be an array`;
    const read = files.map(readFile);
    if (read.some((file) => file === undefined))
      return `"uploads.${field}" must list files as { name, type, size }`;
    uploads[field] = read as DeclaredFile[];
  }
  return uploads;
}
