/**
 * One file of an upload on its way to disk: opened on its first bytes (a call of 100 files holds
 * one descriptor at a time) and written as the chunks arrive.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import type { UploadedFile } from "./upload-limits.ts";

/** Bytes the disk may lag behind the socket before the socket is not read. */
const WRITE_BUFFER = 1024 * 1024;

export interface IncomingFile {
  readonly ref: number;
  readonly field: string;
  readonly file: UploadedFile;
  /** Bytes arrived so far (some may still be on their way to disk). */
  readonly received: number;
  /**
   * Writes the next bytes; `written` hears how many bytes are on disk after them. Returns the
   * stream when the disk is behind (wait for its `drain`), else undefined.
   */
  write(
    bytes: Buffer,
    written: (onDisk: number) => void,
  ): WriteStream | undefined;
  /** No more bytes: resolves once the file is closed. */
  end(): Promise<void>;
  /** Stops writing (if it still is) and resolves once the file is closed. */
  abort(): Promise<void>;
}

export function createIncomingFile(
  ref: number,
  field: string,
  file: UploadedFile,
  onError: (error: Error) => void,
): IncomingFile {
  let stream: WriteStream | undefined;
  let closed: Promise<void> = Promise.resolve();
  let received = 0;
  let ended = false;

  const open = (): WriteStream => {
    if (stream) return stream;
    const opened = createWriteStream(file.path, {
      flags: "wx",
      mode: 0o600,
      highWaterMark: WRITE_BUFFER,
    });
    closed = new Promise((done) => opened.once("close", () => done()));
    opened.on("error", onError);
    return (stream = opened);
  };

  return {
    ref,
    field,
    file,
    get received() {
      return received;
    },
    write(bytes, written) {
      received += bytes.length;
      const opened = open();
      opened.write(bytes, (error) => {
        if (!error) written(opened.bytesWritten);
      });
      return opened.writableNeedDrain ? opened : undefined;
    },
    end() {
      if (!ended) open().end();
      ended = true;
      return closed;
    },
    abort() {
      stream?.destroy();
      return closed;
    },
  };
}
