/**
 * The wire format: the only file the browser client and the server share (the client imports
 * types only). Wire data enters as `unknown` and is narrowed here, once.
 */

import type { DeclaredFile } from "./upload-limits.ts";
import { readUploads } from "./upload-protocol.ts";

/** Default URL path of the LiveView endpoint; the room and a trailing slash follow it. */
export const DEFAULT_PATH = "/ws/liveview/";

export type FormValue = string | boolean | string[];

/** A message from the browser: `{function, data, form, lang, room, url, id}`. */
export interface ClientMessage {
  function: string;
  data: Record<string, string>;
  form: Record<string, FormValue>;
  lang: string;
  room: string;
  /** Path and query of the page that sent it (`/tasks?filter=done`); "" when the client sent none. */
  url: string;
  id?: string | number;
  /** Files the call brings (upload-protocol.ts), announced before their bytes are streamed. */
  uploads?: Record<string, DeclaredFile[]>;
}

/**
 * What a handler sends: instructions the client applies to the page, forwarded unchanged. No index
 * signature, so a misspelt key fails to compile; an app that sends keys of its own declares them
 * once: `declare module "vite-plugin-liveview/server" { interface SendData { toast?: string } }`.
 */
export interface SendData {
  /** CSS selector of the element to update. */
  target?: string;
  /** HTML that replaces the target's content (morphed unless `morph: false`). */
  html?: string;
  /** Insert `html` at the end of the target instead of replacing its content. */
  append?: boolean;
  /** Remove the target element. */
  remove?: boolean;
  /** Push this URL onto the browser history. */
  url?: string;
  /** Set `document.title`. */
  title?: string;
  /** CSS selector of an element to scroll to (smoothly). */
  scroll?: string;
  /** Scroll to the top of the page. */
  scrollTop?: boolean;
  /** JavaScript to run in the page. */
  script?: string;
  /** `false` forces a plain innerHTML replace instead of morphing. */
  morph?: boolean;
  /** A handler's own error (Django LiveView's `send(consumer, {"error": ...})`): the page dispatches it. */
  error?: string;
}

export const ERROR_CODES = [
  "LV_ERR_BAD_MESSAGE",
  "LV_ERR_UNKNOWN_HANDLER",
  "LV_ERR_HANDLER_FAILED",
  "LV_ERR_TOO_LARGE",
  "LV_ERR_RATE_LIMITED",
  "LV_ERR_FORBIDDEN",
  "LV_ERR_INVALID_INPUT",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Sent once the handler for message `id` has settled (also when middleware cancelled it). */
export interface AckFrame {
  ack: string | number;
}

/** One problem with the input: `path` is the field's name (dotted for nested values). */
export interface InputIssue {
  path: string;
  message: string;
}

/** Sent instead of an ack when a message could not be handled. */
export interface ErrorFrame {
  error: string;
  code: ErrorCode;
  id?: string | number;
  /** With `LV_ERR_INVALID_INPUT`: what is wrong with which field. */
  issues?: InputIssue[];
}

export type ServerFrame = SendData | AckFrame | ErrorFrame;

/**
 * Every error frame the server sends is made here: `{ error, code }`, plus `id` when known and
 * `issues` when the input was refused.
 */
export function errorFrame(
  code: ErrorCode,
  error: string,
  id?: string | number,
  issues?: InputIssue[],
): ErrorFrame {
  const frame: ErrorFrame = { error, code };
  if (id !== undefined) frame.id = id;
  if (issues !== undefined) frame.issues = issues;
  return frame;
}

/** A message that could not be accepted, with the code the client will see. */
export class ProtocolError extends Error {
  readonly code: ErrorCode;
  readonly id: string | number | undefined;

  constructor(code: ErrorCode, message: string, id?: string | number) {
    super(message);
    this.name = "ProtocolError";
    this.code = code;
    this.id = id;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMessageId(value: unknown): value is string | number {
  return (
    typeof value === "string" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

function isFormValue(value: unknown): value is FormValue {
  if (typeof value === "string" || typeof value === "boolean") return true;
  return (
    Array.isArray(value) && value.every((item) => typeof item === "string")
  );
}

/**
 * The original Django LiveView client sends the trigger's whole `dataset`, so
 * `data-data-comment-id` arrives as `dataCommentId`: it gets the name our client gives it,
 * `comment_id`. Our client's keys are lower case already and pass unchanged.
 */
const DATASET_KEY = /^data[A-Z0-9]/;

function dataKey(name: string): string {
  if (!DATASET_KEY.test(name)) return name;
  return name
    .slice(4)
    .replace(
      /[A-Z]/g,
      (letter, at: number) => (at === 0 ? "" : "_") + letter.toLowerCase(),
    )
    .replaceAll("-", "_");
}

function narrowRecord<T>(
  value: unknown,
  field: string,
  accept: (item: unknown) => item is T,
  id: string | number | undefined,
): Record<string, T> {
  // Absent or present, the same kind of object: null-prototype, so "__proto__" is plain data.
  if (value === undefined || value === null) return Object.create(null);
  if (!isPlainObject(value)) {
    throw new ProtocolError(
      "LV_ERR_BAD_MESSAGE",
      `"${field}" must be an object`,
      id,
    );
  }
  const out: Record<string, T> = Object.create(null);
  // Keys rather than entries: no [name, item] array per field on every message. The value came
  // from JSON.parse, so its keys are all its own.
  for (const name of Object.keys(value)) {
    const item = value[name];
    const key = field === "data" ? dataKey(name) : name;
    if (typeof item === "number") {
      out[key] = String(item) as T;
    } else if (accept(item)) {
      out[key] = item;
    } else {
      throw new ProtocolError(
        "LV_ERR_BAD_MESSAGE",
        `"${field}.${key}" has an unsupported value`,
        id,
      );
    }
  }
  return out;
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

/**
 * A language tag such as "en", "pt-BR" or "zh-Hant-TW" (an underscore is accepted too, as
 * Django writes "en_US"), at most 35 characters: `lang` picks a catalog file and keys caches.
 */
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$/;

function narrowLang(value: unknown, id: string | number | undefined): string {
  if (value === undefined || value === null || value === "") return "";
  if (
    typeof value === "string" &&
    value.length <= 35 &&
    LANGUAGE_TAG.test(value)
  )
    return value;
  throw new ProtocolError(
    "LV_ERR_BAD_MESSAGE",
    '"lang" must be a language tag such as "en" or "pt-BR"',
    id,
  );
}

/**
 * Narrows one decoded JSON value into a ClientMessage, or throws a ProtocolError with
 * LV_ERR_BAD_MESSAGE. `room` is always the socket's own: what the message says is ignored, so no
 * client can act in a room it did not connect to.
 */
export function parseClientMessage(
  raw: unknown,
  socketRoom: string,
): ClientMessage {
  if (!isPlainObject(raw)) {
    throw new ProtocolError(
      "LV_ERR_BAD_MESSAGE",
      "A message must be a JSON object",
    );
  }
  const id = isMessageId(raw.id) ? raw.id : undefined;
  if (raw.id !== undefined && raw.id !== null && id === undefined) {
    throw new ProtocolError(
      "LV_ERR_BAD_MESSAGE",
      '"id" must be a string or a number',
    );
  }
  const fn = raw.function;
  if (typeof fn !== "string" || fn.length === 0) {
    throw new ProtocolError(
      "LV_ERR_BAD_MESSAGE",
      '"function" must be a non-empty string',
      id,
    );
  }
  const message: ClientMessage = {
    function: fn,
    data: narrowRecord(raw.data, "data", isString, id),
    form: narrowRecord(raw.form, "form", isFormValue, id),
    lang: narrowLang(raw.lang, id),
    room: socketRoom,
    url: typeof raw.url === "string" ? raw.url.slice(0, 2048) : "",
  };
  if (id !== undefined) message.id = id;
  if (raw.uploads !== undefined && raw.uploads !== null)
    message.uploads = narrowUploads(raw.uploads, id);
  return message;
}

/** A call with files needs an id: the server's answers about them name it. */
function narrowUploads(
  value: unknown,
  id: string | number | undefined,
): Record<string, DeclaredFile[]> {
  if (id === undefined)
    throw new ProtocolError(
      "LV_ERR_BAD_MESSAGE",
      'A message with "uploads" needs an "id"',
    );
  const uploads = readUploads(value);
  if (typeof uploads === "string")
    throw new ProtocolError("LV_ERR_BAD_MESSAGE", uploads, id);
  return uploads;
}

/** Decodes one WebSocket frame's text into JSON, or throws LV_ERR_BAD_MESSAGE. */
export function decodeFrame(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProtocolError(
      "LV_ERR_BAD_MESSAGE",
      "A message must be valid JSON text",
    );
  }
}
