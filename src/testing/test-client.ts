import { WebSocket } from "ws";

/** Speaks the real protocol over a real socket, like Channels' WebsocketCommunicator. */
export interface TestClient {
  readonly socket: WebSocket;
  sendJson(data: unknown): void;
  /** The next frame from the server, decoded; rejects after timeoutMs. */
  receiveJson<T = Record<string, unknown>>(timeoutMs?: number): Promise<T>;
  /** Resolves with the close code once the socket is closed. */
  close(code?: number): Promise<number>;
  /** Resolves with the close code when the server closes the socket. */
  closed(): Promise<number>;
}

export interface TestClientOptions {
  headers?: Record<string, string>;
  /** Sent as the Origin header. */
  origin?: string;
}

/** Opens a socket to url (e.g. ws://127.0.0.1:5173/ws/liveview/room-1/) and waits until open. */
export async function connectTestClient(
  url: string,
  options: TestClientOptions = {},
): Promise<TestClient> {
  const socketOptions = options.origin
    ? { headers: options.headers, origin: options.origin }
    : { headers: options.headers };
  const socket = new WebSocket(url, socketOptions);
  const frames: unknown[] = [];
  const waiters: Array<(frame: unknown) => void> = [];
  let closeCode: number | undefined;
  const closeWaiters: Array<(code: number) => void> = [];

  socket.on("message", (data, isBinary) => {
    const text = isBinary ? "" : data.toString();
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = text;
    }
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  socket.on("close", (code) => {
    closeCode = code;
    for (const waiter of closeWaiters.splice(0)) waiter(code);
  });

  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
    socket.once("unexpected-response", (_request, response) =>
      reject(new Error(`Upgrade refused with HTTP ${response.statusCode}`)),
    );
  });

  const closed = () =>
    new Promise<number>((resolve) => {
      if (closeCode !== undefined) resolve(closeCode);
      else closeWaiters.push(resolve);
    });

  return {
    socket,
    sendJson(data) {
      socket.send(JSON.stringify(data));
    },
    receiveJson<T>(timeoutMs = 5000) {
      if (frames.length > 0) return Promise.resolve(frames.shift() as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`No frame from the server within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (frame: unknown) => {
          clearTimeout(timer);
          resolve(frame as T);
        };
        waiters.push(waiter);
      });
    },
    close(code = 1000) {
      if (closeCode === undefined && socket.readyState !== socket.CLOSED)
        socket.close(code);
      return closed();
    },
    closed,
  };
}
