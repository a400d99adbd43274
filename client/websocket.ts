/**
 * What the client uses of a WebSocket, and how it hears one. Events are taken both from the `on*`
 * properties and from `addEventListener` (when the object has it), so a real socket and test fakes
 * of either style work; an event object that arrives both ways (real sockets do that) counts once.
 */

export interface WebSocketLike {
  readonly readyState?: number;
  onopen: ((event: Event) => unknown) | null;
  onmessage: ((event: MessageEvent) => unknown) | null;
  onclose: ((event: CloseEvent) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
  send(data: string | Blob | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  addEventListener?(type: string, listener: (event: Event) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface SocketListeners {
  open(): void;
  /** The `data` of a message event (a string for text frames). */
  message(data: unknown): void;
  /** The socket closed (with its close code) or failed (an `error` always means a close is coming). */
  close(code: number | undefined): void;
}

/** Starts listening; the returned function mutes every listener for good. */
export function listenToSocket(
  socket: WebSocketLike,
  listeners: SocketListeners,
): () => void {
  const seen = new WeakSet<object>();
  let muted = false;
  const once =
    <E extends Event>(handler: (event: E | undefined) => void) =>
    (event?: E): void => {
      if (muted) return;
      if (event !== undefined && event !== null) {
        if (seen.has(event)) return;
        seen.add(event);
      }
      handler(event);
    };
  const onOpen = once(() => listeners.open());
  const onMessage = once<MessageEvent>((event) =>
    listeners.message(event?.data),
  );
  // `error` is always followed by `close`: whichever comes first counts, the other is muted.
  let closed = false;
  const onClose = once<Event>((event) => {
    if (closed) return;
    closed = true;
    listeners.close((event as CloseEvent | undefined)?.code);
  });
  socket.onopen = onOpen;
  socket.onmessage = onMessage;
  socket.onclose = onClose;
  socket.onerror = onClose;
  socket.addEventListener?.("open", onOpen);
  socket.addEventListener?.("message", (event) =>
    onMessage(event as MessageEvent),
  );
  socket.addEventListener?.("close", onClose);
  socket.addEventListener?.("error", onClose);
  return () => {
    muted = true;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
  };
}
