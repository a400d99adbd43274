/**
 * The wire format: the only file the browser client and the server share (the client imports
 * types only). Wire data enters as `unknown` and is narrowed here, once.
 */

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
}

/** What a handler sends: instructions the client applies to the page, forwarded unchanged. */
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
  [key: string]: unknown;
}

export const ERROR_CODES = [
  "LV_ERR_BAD_MESSAGE",
  "LV_ERR_UNKNOWN_HANDLER",
  "LV_ERR_HANDLER_FAILED",
  "LV_ERR_TOO_LARGE",
  "LV_ERR_RATE_LIMITED",
  "LV_ERR_FORBIDDEN",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Sent once the handler for message `id` has settled (also when middleware cancelled it). */
export interface AckFrame {
  ack: string | number;
}

/** Sent instead of an ack when a message could not be handled. */
export interface ErrorFrame {
  error: string;
  code: ErrorCode;
  id?: string | number;
}

export type ServerFrame = SendData | AckFrame | ErrorFrame;

/** Every error frame the server sends is made here: `{ error, code }`, plus `id` when known. */
export function errorFrame(
  code: ErrorCode,
  error: string,
  id?: string | number,
): ErrorFrame {
  return id === undefined ? { error, code } : { error, code, id };
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

function narrowRecord<T>(
  value: unknown,
  field: string,
  accept: (item: unknown) => item is T,
  id: string | number | undefined,
): Record<string, T> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    throw new ProtocolError(
      "LV_ERR_BAD_MESSAGE",
      `"${field}" must be an object`,
      id,
    );
  }
  // A null-prototype copy: keys like "__proto__" stay plain data.
  const out: Record<string, T> = Object.create(null);
  for (const [key, item] of Object.entries(value)) {
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
 * Narrows one decoded JSON value into a ClientMessage, or throws a ProtocolError with
 * LV_ERR_BAD_MESSAGE. `room` falls back to the socket's room when the message has none.
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
    lang: typeof raw.lang === "string" ? raw.lang : "",
    room:
      typeof raw.room === "string" && raw.room.length > 0
        ? raw.room
        : socketRoom,
    url: typeof raw.url === "string" ? raw.url : "",
  };
  if (id !== undefined) message.id = id;
  return message;
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
