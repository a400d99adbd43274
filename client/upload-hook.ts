/**
 * Where uploads meet the client: the upload code (uploads.ts) is a chunk of its own, loaded
 * only by pages that have file inputs or drop targets for it, so every other page pays nothing.
 */
import type { ClientMessage } from "../src/protocol.ts";
import { scopeOf } from "./collect.ts";
import { log } from "./log.ts";
import type * as Names from "./upload-attributes.ts";
import type { UploadHost, Uploads } from "./uploads.ts";

export interface UploadHook {
  /** Takes over a call whose form has upload inputs; false leaves it to the caller. */
  send(message: ClientMessage, element: Element | undefined): boolean;
  /** Shows the upload code a frame from the server; true when it was an upload frame. */
  frame(raw: unknown): boolean;
}

// Written here, not imported: a module both chunks import becomes a third chunk. The types
// keep them equal to upload-attributes.ts.
const UPLOAD_ATTR: typeof Names.UPLOAD_ATTR = "data-liveview-upload";
const DROP_TARGET_ATTR: typeof Names.DROP_TARGET_ATTR =
  "data-liveview-drop-target";
const UPLOAD_SELECTOR = `[${UPLOAD_ATTR}]`;

export function createUploadHook(
  document: Document,
  host: () => Pick<UploadHost, "socket" | "receive">,
): UploadHook {
  let uploads: Uploads | undefined;
  let loading: Promise<Uploads> | undefined;
  const load = () =>
    (loading ??= import("./uploads.ts").then(
      ({ createUploads }) =>
        (uploads = createUploads({
          ...host(),
          document,
          scopeOf,
          warn: log.warn,
        })),
    ));
  const wanted = () =>
    document.querySelector(`${UPLOAD_SELECTOR},[${DROP_TARGET_ATTR}]`) &&
    load();
  wanted();
  // Drop targets that server HTML added later.
  document.addEventListener("dragenter", wanted);
  return {
    send(message, element) {
      if (uploads) return uploads.send(message, element);
      if (!element || !scopeOf(element)?.querySelector(UPLOAD_SELECTOR))
        return false;
      void load().then(
        (loaded) =>
          loaded.send(message, element) || host().socket.send(message),
        () =>
          host().receive({ error: "Uploads could not load", id: message.id }),
      );
      return true;
    },
    frame: (raw) => uploads?.frame(raw) ?? false,
  };
}
