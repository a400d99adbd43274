import type { Session, User } from "./auth.ts";
import type { ClientMessage, FormValue, SendData } from "./protocol.ts";
import type { UploadedFile } from "./upload-limits.ts";
import type { HandlerSchemas, StandardSchemaV1 } from "./validation.ts";

/**
 * What a handler receives about the message that called it (`lang` defaults to the default
 * language). A handler with schemas gets their output as `form` and `data`.
 */
export interface Content<
  Form = Record<string, FormValue>,
  Data = Record<string, string>,
> extends Omit<ClientMessage, "form" | "data" | "uploads"> {
  form: Form;
  data: Data;
  /**
   * The files of each field the handler declared in `uploads` (an empty list when none came),
   * on disk until the handler settles.
   */
  uploads?: Record<string, UploadedFile[]>;
}

/** Connection metadata, like Django Channels' `consumer.scope`. */
export interface Scope {
  headers: Record<string, string>;
  cookies: Record<string, string>;
  /** Path of the socket URL, e.g. `/ws/liveview/room-1/` (of the page's URL in a prerender). */
  path: string;
  /** Query parameters of the socket URL (of the page's URL in a prerender). */
  query: Record<string, string>;
  /** The client's address: the socket's peer, or with `trustProxy` the proxy's X-Forwarded-For. */
  address: string;
  /** As `authenticate` returned it (typed by declaring `LiveViewUser`). */
  user?: User;
  /** As `authenticate` returned it (typed by declaring `LiveViewSession`). */
  session?: Session;
  /** As `authenticate` returned it: `disconnectSockets(socketId)` closes this socket. */
  socketId?: string;
  [key: string]: unknown;
}

/** One browser page's connection, as handlers receive it. */
export interface Consumer {
  readonly id: string;
  /** The room from the socket URL. */
  readonly room: string;
  readonly scope: Scope;
  /** False until the socket closes; sends to a closed consumer are dropped. */
  readonly closed: boolean;
  /** True when this socket is the page coming back after losing its connection. */
  readonly reconnect?: boolean;
  /**
   * True while a handler renders part of a page for its HTML request (`data-liveview-prerender`):
   * there is no socket yet, and what the handler sends is written into the page. Absent otherwise.
   */
  readonly prerender?: boolean;
  /** Writes one frame to this page, as given. */
  sendJson(data: unknown): void;
}

/** What `send()` accepts: a Consumer, or any object with `sendJson` (Django LiveView's mock consumer). */
export type ConsumerLike = Pick<Consumer, "sendJson"> &
  Partial<Omit<Consumer, "sendJson">>;

export type Handler = (
  consumer: Consumer,
  content: Content,
) => void | Promise<void>;

/** What a schema turns its part of the message into, or the part as sent when there is none. */
type Parsed<Schema, Sent> = Schema extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<Schema>
  : Sent;

/** `content` of a handler with `schemas`, before uploads: `form` and `data` as parsed. */
type ParsedContent<S extends HandlerSchemas> = Content<
  Parsed<S extends { form: infer F } ? F : undefined, Content["form"]>,
  Parsed<S extends { data: infer D } ? D : undefined, Content["data"]>
>;

/**
 * The content a handler with `schemas` receives: `form` and `data` as its schemas output them,
 * and, when it declares `uploads`, one list of files per declared field.
 */
export type ValidatedContent<S extends HandlerSchemas> = S extends {
  uploads: infer U;
}
  ? Omit<ParsedContent<S>, "uploads"> & {
      uploads: { [Field in keyof U]: UploadedFile[] };
    }
  : ParsedContent<S>;

/** A handler registered with schemas: it runs only on valid input, and gets it parsed. */
export type ValidatedHandler<S extends HandlerSchemas> = (
  consumer: Consumer,
  content: ValidatedContent<S>,
) => void | Promise<void>;

/** Runs before every handler, in registration order; an explicit `false` cancels the call. */
export type Middleware = (
  consumer: Consumer,
  content: Content,
  functionName: string,
) => boolean | void | Promise<boolean | void>;

/** `liveviewEvent(name, fn)`: runs once for each member of the topic an event was published to. */
export type EventHandler = (
  consumer: Consumer,
  payload: unknown,
) => void | Promise<void>;

/** `onConnect(fn)`: after a socket is accepted (also each reconnect, `consumer.reconnect`). */
export type ConnectHook = (consumer: Consumer) => void | Promise<void>;

/** `onDisconnect(fn)`: when a socket closes, with its close code. */
export type DisconnectHook = (
  consumer: Consumer,
  info: { code: number },
) => void | Promise<void>;

export type { SendData };
