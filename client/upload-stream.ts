/**
 * Sending one call's files once the server gave them refs: one after another, in chunks, each a
 * binary frame `[0][ref: uint32 BE][bytes]` (src/upload-protocol.ts reads it), read from disk by
 * the browser as it sends (a Blob slice, never the whole file in memory). The server acknowledges
 * what it stored, and what is in flight follows that rate: about 50 ms worth, in chunks of a
 * quarter of it. A click during an upload waits behind little whatever the link, and a fast link
 * still fills its pipe (Chromium sends large Blob frames faster than small ones).
 */
import type { UploadField } from "./upload-files.ts";

/** Chunks stay under the 1 MiB frame limit of JSON messages. */
const MAX_CHUNK = 1000 * 1024;
const MIN_CHUNK = 64 * 1024;
const MAX_WINDOW = 16 * 1024 * 1024;
/** How much time's worth of bytes may be in flight. */
const TARGET_MS = 50;
const SAMPLE_MS = 50;
const CHUNK_FRAME = 0;
const CANCEL_FRAME = 1;

interface Transfer {
  ref: number;
  field: UploadField;
  file: File;
  sent: number;
  stored: number;
}

export interface UploadStream {
  /** Sends the first chunks; the server's acknowledgements bring the next ones. */
  start(): void;
  /** Every file's bytes are on the server. */
  readonly complete: boolean;
  /** The server stored `received` bytes of file `ref`; false when the ref is not ours. */
  stored(ref: number, received: number): boolean;
  /** Bytes of `field` on the server, and in all. */
  progress(field: UploadField): { loaded: number; total: number };
  /** Tells the server to drop the files; false when they all arrived already. */
  cancel(): boolean;
  /** Sends nothing more. */
  stop(): void;
}

function frame(kind: number, ref: number, bytes?: Blob): Blob {
  const header = new DataView(new ArrayBuffer(5));
  header.setUint8(0, kind);
  header.setUint32(1, ref);
  return new Blob(bytes ? [header, bytes] : [header]);
}

/**
 * Sends `fields`' files under `refs` (the server's answer, field by field in the order
 * they were announced); `send` writes a frame and says whether the socket took it.
 */
export function createUploadStream(
  fields: UploadField[],
  refs: Record<string, number[]>,
  send: (data: Blob) => boolean,
): UploadStream {
  const transfers: Transfer[] = fields.flatMap((field) =>
    field.files.map((file, index) => ({
      ref: refs[field.name]?.[index] ?? 0,
      field,
      file,
      sent: 0,
      stored: 0,
    })),
  );
  let next = 0;
  let stopped = false;
  let chunk = 2 * MIN_CHUNK;
  let window = 4 * chunk;
  let sampleAt = performance.now();
  let sampleBytes = 0;
  const inFlight = () =>
    transfers.reduce((sum, { sent, stored }) => sum + sent - stored, 0);

  function pump(): void {
    let budget = window - inFlight();
    while (!stopped && budget > 0 && next < transfers.length) {
      const transfer = transfers[next]!;
      const end = Math.min(transfer.sent + chunk, transfer.file.size);
      // A file of size 0 has no bytes: the server expects none.
      if (end > transfer.sent) {
        const bytes = transfer.file.slice(transfer.sent, end);
        if (!send(frame(CHUNK_FRAME, transfer.ref, bytes)))
          return void (stopped = true);
        budget -= end - transfer.sent;
        transfer.sent = end;
      }
      if (transfer.sent === transfer.file.size) next += 1;
    }
  }

  /** The window and the chunks follow what the server stores per unit of time. */
  function measure(bytes: number): void {
    sampleBytes += bytes;
    const now = performance.now();
    if (now - sampleAt < SAMPLE_MS) return;
    const perMs = sampleBytes / (now - sampleAt);
    window = Math.min(MAX_WINDOW, Math.max(2 * MIN_CHUNK, perMs * TARGET_MS));
    chunk = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.floor(window / 4)));
    sampleAt = now;
    sampleBytes = 0;
  }

  return {
    start: pump,
    get complete() {
      return transfers.every(({ file, stored }) => stored === file.size);
    },
    stored(ref, received) {
      const transfer = transfers.find((candidate) => candidate.ref === ref);
      if (!transfer) return false;
      measure(received - transfer.stored);
      transfer.stored = received;
      pump();
      return true;
    },
    progress(field) {
      let loaded = 0;
      let total = 0;
      for (const transfer of transfers)
        if (transfer.field === field) {
          loaded += transfer.stored;
          total += transfer.file.size;
        }
      return { loaded, total };
    },
    cancel() {
      const open = transfers.find(({ file, stored }) => stored < file.size);
      stopped = true;
      return open !== undefined && send(frame(CANCEL_FRAME, open.ref));
    },
    stop() {
      stopped = true;
    },
  };
}
