/**
 * The events the client dispatches on `document` (bubbling `CustomEvent`s, so `window` hears them
 * too): the page's way to follow the connection, each call's outcome and each frame, without
 * reaching into the client. Names and details are a public contract, like the attributes.
 */
import type { SendData } from "../src/protocol.ts";
import type { MessageId } from "./loading.ts";

export const CONNECTED_EVENT = "liveview:connected";
export const DISCONNECTED_EVENT = "liveview:disconnected";
export const RECONNECTED_EVENT = "liveview:reconnected";
export const ACK_EVENT = "liveview:ack";
export const ERROR_EVENT = "liveview:error";
export const FRAME_EVENT = "liveview:frame";
export const HISTORY_RESTORED_EVENT = "liveview:history-restored";
export const RESYNC_EVENT = "liveview:resync";
export const UNAUTHORIZED_EVENT = "liveview:unauthorized";

/** One problem with one input field, as `LV_ERR_INVALID_INPUT` reports it. */
export interface LiveViewIssue {
  path: string;
  message: string;
}

export interface LiveViewErrorDetail {
  /** `LV_ERR_…`; undefined for a handler's own `{ error }` frame. */
  code: string | undefined;
  message: string;
  id: MessageId | undefined;
  /** The trigger of the failed call, when it had one. */
  element: Element | undefined;
  /** The fields that failed validation (`LV_ERR_INVALID_INPUT`). */
  issues?: LiveViewIssue[] | undefined;
}

/** How far the files of one field of a call are (`liveview:upload-progress`). */
export interface LiveViewUploadProgress {
  /** The call the files go with. */
  id: MessageId;
  /** The field: the file input's `name`. */
  name: string;
  /** Bytes of the field's files the server has stored, of `total`. */
  loaded: number;
  total: number;
  /** `uploaded` once every byte is on the server (the handler runs next). */
  status: "uploading" | "uploaded" | "cancelled" | "failed";
}

/** The `detail` of each event. */
export interface LiveViewEventDetails {
  [CONNECTED_EVENT]: Record<string, never>;
  /** `code`: the socket's close code, when it closed with one. */
  [DISCONNECTED_EVENT]: { code: number | undefined };
  [RECONNECTED_EVENT]: Record<string, never>;
  [ACK_EVENT]: { id: MessageId; element: Element | undefined };
  [ERROR_EVENT]: LiveViewErrorDetail;
  /** Cancelable: `preventDefault()` skips applying the frame. */
  [FRAME_EVENT]: { frame: SendData };
  [HISTORY_RESTORED_EVENT]: { url: string };
  [RESYNC_EVENT]: Record<string, never>;
  /** Cancelable: `preventDefault()` keeps the page from reloading. */
  [UNAUTHORIZED_EVENT]: { code: number };
  /** Named in upload-attributes.ts, which only the upload chunk loads. */
  "liveview:upload-progress": LiveViewUploadProgress;
}

export type LiveViewEvent<K extends keyof LiveViewEventDetails> = CustomEvent<
  LiveViewEventDetails[K]
>;

declare global {
  interface DocumentEventMap {
    [CONNECTED_EVENT]: LiveViewEvent<typeof CONNECTED_EVENT>;
    [DISCONNECTED_EVENT]: LiveViewEvent<typeof DISCONNECTED_EVENT>;
    [RECONNECTED_EVENT]: LiveViewEvent<typeof RECONNECTED_EVENT>;
    [ACK_EVENT]: LiveViewEvent<typeof ACK_EVENT>;
    [ERROR_EVENT]: LiveViewEvent<typeof ERROR_EVENT>;
    [FRAME_EVENT]: LiveViewEvent<typeof FRAME_EVENT>;
    [HISTORY_RESTORED_EVENT]: LiveViewEvent<typeof HISTORY_RESTORED_EVENT>;
    [RESYNC_EVENT]: LiveViewEvent<typeof RESYNC_EVENT>;
    [UNAUTHORIZED_EVENT]: LiveViewEvent<typeof UNAUTHORIZED_EVENT>;
    "liveview:upload-progress": LiveViewEvent<"liveview:upload-progress">;
  }
}

/**
 * Dispatches `type` on `document`; false when a listener cancelled it (only `cancelable` events
 * can be). Later work (catching up after a reconnect) fires `liveview:resync` through here.
 */
export function emit<K extends keyof LiveViewEventDetails>(
  document: Document,
  type: K,
  detail: LiveViewEventDetails[K],
  cancelable?: boolean,
): boolean {
  return document.dispatchEvent(
    new CustomEvent(type, { bubbles: true, cancelable, detail }),
  );
}
