/**
 * Uploads, loaded on demand (upload-hook.ts). A call whose form has files in
 * `data-liveview-upload` inputs is checked against what the inputs accept, then announced with
 * each file's name, type and size; once the server gave the files refs (after checking the
 * handler's own limits), they stream on the same socket (upload-stream.ts) and the handler runs
 * when the last byte arrived. Progress shows in `<progress data-liveview-upload-progress>` and as
 * `liveview:upload-progress` events; `data-liveview-upload-cancel` buttons drop an upload.
 */
import type { ClientMessage } from "../src/protocol.ts";
import { listenForDrops } from "./drop-target.ts";
import type * as Events from "./events.ts";
import type { LiveViewUploadProgress } from "./events.ts";
import type { MessageId } from "./loading.ts";
import type { LiveSocket } from "./socket.ts";
import {
  UPLOAD_CANCEL_ATTR,
  UPLOAD_PROGRESS_ATTR,
  UPLOAD_PROGRESS_EVENT,
} from "./upload-attributes.ts";
import {
  checkUploads,
  collectUploads,
  type UploadField,
} from "./upload-files.ts";
import { createUploadStream, type UploadStream } from "./upload-stream.ts";

/**
 * What uploads need from the client, handed over rather than imported: a module that both the
 * entry chunk and this one import would become a chunk of its own.
 */
export interface UploadHost {
  document: Document;
  socket: LiveSocket;
  /** Handles a frame as if the server had sent it (a refusal made in the browser). */
  receive(frame: unknown): void;
  /** The trigger's form or container, whose fields a call sends (collect.ts). */
  scopeOf(trigger: Element): Element | null;
  warn(message: string, ...details: unknown[]): void;
}

export interface Uploads {
  /** Sends a call with the files of its form; false when it has none (the caller sends it). */
  send(message: ClientMessage, element: Element | undefined): boolean;
  /** Reads `{ upload: ... }` frames; false for any other frame. */
  frame(raw: unknown): boolean;
}

interface Call {
  id: MessageId;
  fields: UploadField[];
  stream: UploadStream | undefined;
  cancelled: boolean;
}

type Status = LiveViewUploadProgress["status"];

// Written here, not imported (see UploadHost); the types keep them equal to events.ts.
const ACK_EVENT: typeof Events.ACK_EVENT = "liveview:ack";
const ERROR_EVENT: typeof Events.ERROR_EVENT = "liveview:error";

export function createUploads(host: UploadHost): Uploads {
  const { document } = host;
  const calls = new Map<MessageId, Call>();

  function report(call: Call, status: Status): void {
    for (const field of call.fields) {
      const total = field.files.reduce((sum, file) => sum + file.size, 0);
      const loaded =
        status === "uploaded"
          ? total
          : (call.stream?.progress(field).loaded ?? 0);
      const selector = `[${UPLOAD_PROGRESS_ATTR}="${CSS.escape(field.name)}"]`;
      for (const bar of document.querySelectorAll<HTMLProgressElement>(
        selector,
      )) {
        bar.max = total || 1;
        bar.value = status === "cancelled" || status === "failed" ? 0 : loaded;
      }
      const detail: LiveViewUploadProgress = {
        id: call.id,
        name: field.name,
        loaded,
        total,
        status,
      };
      document.dispatchEvent(
        new CustomEvent(UPLOAD_PROGRESS_EVENT, { bubbles: true, detail }),
      );
    }
  }

  /** The call was answered (or lost): nothing more to send; its inputs are emptied on success. */
  function finish(id: MessageId | undefined, ok: boolean): void {
    const call = id === undefined ? undefined : calls.get(id);
    if (!call) return;
    calls.delete(id!);
    call.stream?.stop();
    if (ok && !call.cancelled) {
      for (const field of call.fields)
        for (const input of field.inputs) input.value = "";
    } else if (!call.cancelled && !call.stream?.complete)
      report(call, "failed");
  }

  function cancel(name: string): void {
    for (const call of calls.values()) {
      if (call.cancelled || !call.fields.some((field) => field.name === name))
        continue;
      // Once every byte is on the server, the handler runs: too late to cancel.
      if (call.stream && !call.stream.cancel()) continue;
      call.cancelled = true;
      report(call, "cancelled");
    }
  }

  function started(id: MessageId, refs: Record<string, number[]>): void {
    const call = calls.get(id);
    if (!call) return;
    const send = (data: Blob) => host.socket.sendBinary(data);
    call.stream = createUploadStream(call.fields, refs, send);
    // Cancelled before the server answered: it hears it now.
    if (call.cancelled) call.stream.cancel();
    // Files with no bytes at all are complete at once.
    else if (call.stream.complete) report(call, "uploaded");
    else call.stream.start();
  }

  function stored(ref: number, received: number): void {
    for (const call of calls.values()) {
      // Progress of bytes stored before the server heard the cancel is no news.
      if (call.cancelled || !call.stream?.stored(ref, received)) continue;
      report(call, call.stream.complete ? "uploaded" : "uploading");
      return;
    }
  }

  listenForDrops(document, host.warn);
  document.addEventListener("click", (event) => {
    const button = (event.target as Element | null)?.closest?.(
      `[${UPLOAD_CANCEL_ATTR}]`,
    );
    if (button) cancel(button.getAttribute(UPLOAD_CANCEL_ATTR) ?? "");
  });
  // Answered, refused, or lost with the socket: the call is over.
  document.addEventListener(ACK_EVENT, ({ detail }) => finish(detail.id, true));
  document.addEventListener(ERROR_EVENT, ({ detail }) =>
    finish(detail.id, false),
  );

  return {
    send(message, element) {
      const fields = element
        ? collectUploads(element, host.scopeOf(element))
        : [];
      if (fields.length === 0 || message.id === undefined) return false;
      const issues = checkUploads(fields);
      if (issues.length > 0) {
        const shown = issues.map(({ path, message }) => `${path}: ${message}`);
        host.receive({
          error: `Invalid input: ${shown.join("; ")}`,
          code: "LV_ERR_INVALID_INPUT",
          id: message.id,
          issues,
        });
        return true;
      }
      message.uploads = {};
      for (const { name, files } of fields) {
        message.uploads[name] = files.map(({ name, type, size }) => ({
          name,
          type,
          size,
        }));
        delete message.form[name];
      }
      const call: Call = {
        id: message.id,
        fields,
        stream: undefined,
        cancelled: false,
      };
      calls.set(message.id, call);
      host.socket.send(message);
      report(call, "uploading");
      return true;
    },
    frame(raw) {
      const frame = raw as Record<string, unknown> | null;
      const upload = frame?.upload as
        | { id?: MessageId; refs?: Record<string, number[]> }
        | { ref?: number; received?: number }
        | undefined;
      if (typeof upload !== "object" || upload === null) return false;
      if ("refs" in upload && upload.refs && upload.id !== undefined)
        started(upload.id, upload.refs);
      else if ("ref" in upload && typeof upload.received === "number")
        stored(upload.ref!, upload.received);
      return true;
    },
  };
}
