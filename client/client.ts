/**
 * One LiveView client for one page, without Stimulus: the socket to the page's room (and the
 * close codes that end it, close-codes.ts), message building (`{function, data, form, lang,
 * room, url, id}`), loading state, the connection as the page sees it (connection.ts), and what to do
 * with each server frame: an ack or an error is dispatched, instructions are applied unless a
 * `liveview:frame` listener cancels them. Frames pass the debug tap both ways (debug.ts).
 * start.ts puts the Stimulus controller on top.
 */
import type { ClientMessage, FormValue } from "../src/protocol.ts";
import { applyFrame } from "./apply.ts";
import {
  DISABLE_WITH_ATTR,
  RECONNECT_ATTR,
  RECOVER_ATTR,
} from "./attributes.ts";
import { handleCloseCode } from "./close-codes.ts";
import { collectData, collectForm, readLang } from "./collect.ts";
import { createConnectionView } from "./connection.ts";
import { createFrameTap, type LiveViewDebugHandle } from "./debug.ts";
import { ACK_EVENT, emit, FRAME_EVENT, RESYNC_EVENT } from "./events.ts";
import { createFieldErrors } from "./field-errors.ts";
import { classifyFrame } from "./frame.ts";
import { createLiveHistory } from "./history.ts";
import { createLoadingState, type MessageId } from "./loading.ts";
import {
  resolveClientOptions,
  socketUrl,
  type WebSocketConfig,
} from "./options.ts";
import { createPlaces } from "./places.ts";
import { resolveRoom } from "./room.ts";
import { createLiveSocket, type LiveSocket } from "./socket.ts";
import type { WebSocketConstructor } from "./websocket.ts";
import { replaceContent } from "./swap.ts";
import { createUploadHook } from "./upload-hook.ts";
import { log } from "./log.ts";

export interface SendExtra {
  /** The element the call is for: its `data-data-*` and form are sent, and it shows loading state. */
  element?: Element;
  /** Merged over the element's `data-data-*` values. */
  data?: Record<string, string>;
  /** Merged over the element's form values. */
  form?: Record<string, FormValue>;
}

export interface LiveViewClientOptions {
  /** Over `window.webSocketConfig`, key by key. */
  webSocketConfig?: WebSocketConfig;
  /** @default window.WebSocket */
  WebSocket?: WebSocketConstructor;
  /** @default window */
  window?: Window;
  /**
   * The id `vite build` stamped into the page; sent as `?build=` so a server of another build
   * closes with 4409 and the page reloads once. None in dev. @default undefined
   */
  buildId?: string;
}

export interface LiveViewClient {
  readonly room: string;
  readonly socket: LiveSocket;
  /** What startLiveView publishes as `window.liveview`. */
  readonly debug: LiveViewDebugHandle;
  /** Calls server handler `fn`; returns the message id its ack will carry. */
  send(fn: string, extra?: SendExtra): MessageId;
  /**
   * Calls `fn` for `element` (what `page#run` and the appearance triggers do); undefined when the
   * element is disabled by its `data-liveview-disable-with` until its call is answered.
   */
  trigger(element: Element, fn: string): MessageId | undefined;
  stop(): void;
}

export function createLiveViewClient(
  init: LiveViewClientOptions = {},
): LiveViewClient {
  const win = init.window ?? window;
  const document = win.document;
  const options = resolveClientOptions(
    win.location,
    (win as Window & { webSocketConfig?: unknown }).webSocketConfig,
    init.webSocketConfig,
  );
  const room = resolveRoom(document, () => win.localStorage);
  const loading = createLoadingState(document);
  const history = createLiveHistory(win, (target, html) =>
    replaceContent(target, html),
  );
  const connection = createConnectionView(document, loading);
  const fieldErrors = createFieldErrors();
  const tap = createFrameTap(() => win.sessionStorage);
  const places = createPlaces();
  const uploads = createUploadHook(document, () => ({
    document,
    socket: liveSocket,
    receive: handleFrame,
  }));
  let lastId = 0;
  // Read through a variable: a socket that cannot even be constructed reports the loss at once.
  let socket: LiveSocket | undefined;

  /** Calls each element's reconnect handler (and each recover form's, after a reconnect). */
  function rebuild(recover: boolean): void {
    const selector = `[${RECONNECT_ATTR}]${recover ? `,form[${RECOVER_ATTR}]` : ""}`;
    for (const element of document.querySelectorAll(selector)) {
      const fn =
        element.getAttribute(RECONNECT_ATTR) ??
        element.getAttribute(RECOVER_ATTR);
      if (fn) send(fn, { element });
    }
  }

  function handleFrame(raw: unknown): void {
    if (uploads.frame(raw)) return;
    const inner = places.read(raw, () => {
      emit(document, RESYNC_EVENT, {});
      rebuild(false);
    });
    if (inner === null) return;
    const frame = classifyFrame(inner);
    if (frame === undefined) {
      log.warn("ignored a frame that is not a JSON object:", raw);
    } else if (frame.kind === "ack") {
      const element = loading.finish(frame.id);
      if (element) fieldErrors.clear(element);
      emit(document, ACK_EVENT, { id: frame.id, element });
    } else if (frame.kind === "error") {
      const { code, message, id, issues } = frame;
      const element = id === undefined ? undefined : loading.finish(id);
      // Messages the page shows next to their fields need no console line.
      const shown = !!(element && issues && fieldErrors.show(element, issues));
      log.callFailed(document, { code, message, id, element, issues }, shown);
    } else if (emit(document, FRAME_EVENT, { frame: frame.data }, true)) {
      try {
        applyFrame(frame.data, { window: win, history });
      } catch (error) {
        log.error("could not apply a frame from the server:", error);
      }
    }
  }

  let opened = false;
  socket = createLiveSocket({
    url: () => socketUrl(options, room, init.buildId, places.query(opened)),
    reconnect: options.reconnect,
    WebSocket:
      init.WebSocket ??
      (win as Window & { WebSocket?: WebSocketConstructor }).WebSocket ??
      globalThis.WebSocket,
    window: win,
    onFrame: (frame) => tap.in(frame, () => handleFrame(frame)),
    onOpen(fresh) {
      connection.opened(fresh);
      // Back after a loss: the page rejoins its topics and sends its forms again.
      if (fresh && opened) rebuild(true);
      opened ||= fresh;
    },
    onLost(code) {
      connection.lost(code, socket?.queued() ?? []);
      return handleCloseCode(win, code, init.buildId);
    },
  });
  const liveSocket = socket;

  function send(fn: string, extra: SendExtra = {}): MessageId {
    const id = ++lastId;
    const { element } = extra;
    const message: ClientMessage = {
      function: fn,
      data: { ...(element ? collectData(element) : {}), ...extra.data },
      form: { ...(element ? collectForm(element) : {}), ...extra.form },
      lang: readLang(document),
      room,
      url: win.location.pathname + win.location.search,
      id,
    };
    if (liveSocket.status !== "stopped") loading.start(id, fn, element);
    tap.out(
      message,
      () => uploads.send(message, element) || liveSocket.send(message),
    );
    return id;
  }

  return {
    room,
    socket: liveSocket,
    debug: tap.handle,
    send,
    // A trigger that shows its disable-with text is disabled: a second click (or a mapped key, or
    // a click that beat the `disabled` attribute) sends nothing.
    trigger: (element, fn) =>
      element.hasAttribute(DISABLE_WITH_ATTR) && loading.isBusy(element)
        ? undefined
        : send(fn, { element }),
    stop() {
      liveSocket.close();
      history.stop();
      for (const id of loading.ids()) loading.finish(id);
    },
  };
}
