/**
 * The names the upload code reads from and writes to the page (a public contract, like
 * attributes.ts). Only the upload chunk imports this file: upload-hook.ts, in the entry chunk,
 * repeats the two names it needs, checked against these by their types.
 */

/** On `<input type="file">`: its files are streamed to the server before the call. */
export const UPLOAD_ATTR = "data-liveview-upload";
/** On `<progress>`: shows how much of that field's files has reached the server. */
export const UPLOAD_PROGRESS_ATTR = "data-liveview-upload-progress";
/** On a button: cancels the upload of that field's files. */
export const UPLOAD_CANCEL_ATTR = "data-liveview-upload-cancel";
/** Files dropped on this element go to the upload input of that name. */
export const DROP_TARGET_ATTR = "data-liveview-drop-target";
/** On a drop target while files are dragged over it. */
export const DROP_ACTIVE_CLASS = "liveview-drop-active";
/** Dispatched on `document` as a field's files travel (detail: LiveViewUploadProgress). */
export const UPLOAD_PROGRESS_EVENT = "liveview:upload-progress";
