/**
 * Test doubles for the browser APIs happy-dom cannot give us for real: a WebSocket whose server
 * side the test plays, and an IntersectionObserver whose visibility the test decides.
 */
import { afterEach, beforeEach, vi } from "vitest";
import {
  startLiveView,
  type LiveViewHandle,
  type StartOptions,
} from "../../client/index.ts";

export interface FakeSocket {
  readonly url: string;
  readyState: number;
  onopen: ((event: Event) => unknown) | null;
  onmessage: ((event: MessageEvent) => unknown) | null;
  onclose: ((event: CloseEvent) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
  /** Raw frames the client wrote. */
  readonly sent: string[];
  closedByClient: boolean;
  send(data: string): void;
  close(code?: number): void;
  /** The server accepts the connection. */
  accept(): void;
  /** The server sends one JSON frame. */
  receive(frame: unknown): void;
  /**
   * The connection fails or drops (1006, with an `error` first, as browsers report it), or the
   * server closes it cleanly with `code` (only a `close`).
   */
  drop(code?: number): void;
  /** The client's messages, parsed. */
  messages(): Record<string, unknown>[];
}

export interface FakeSockets {
  WebSocket: new (url: string) => FakeSocket;
  readonly instances: FakeSocket[];
  latest(): FakeSocket;
}

export function createFakeSockets(): FakeSockets {
  const instances: FakeSocket[] = [];
  class FakeWebSocket implements FakeSocket {
    readyState = 0;
    onopen: FakeSocket["onopen"] = null;
    onmessage: FakeSocket["onmessage"] = null;
    onclose: FakeSocket["onclose"] = null;
    onerror: FakeSocket["onerror"] = null;
    readonly sent: string[] = [];
    closedByClient = false;
    constructor(readonly url: string) {
      instances.push(this);
    }
    send(data: string): void {
      if (this.readyState !== 1) throw new Error("InvalidStateError: not open");
      this.sent.push(data);
    }
    close(): void {
      this.closedByClient = true;
      this.readyState = 3;
    }
    accept(): void {
      this.readyState = 1;
      this.onopen?.(new Event("open"));
    }
    receive(frame: unknown): void {
      this.onmessage?.(
        new MessageEvent("message", { data: JSON.stringify(frame) }),
      );
    }
    drop(code = 1006): void {
      this.readyState = 3;
      if (code === 1006) this.onerror?.(new Event("error"));
      this.onclose?.(Object.assign(new Event("close"), { code }) as CloseEvent);
    }
    messages(): Record<string, unknown>[] {
      return this.sent.map(
        (data) => JSON.parse(data) as Record<string, unknown>,
      );
    }
  }
  return {
    WebSocket: FakeWebSocket,
    instances,
    latest() {
      const socket = instances.at(-1);
      if (socket === undefined) throw new Error("no socket was opened");
      return socket;
    },
  };
}

export interface FakeIntersections {
  IntersectionObserver: typeof IntersectionObserver;
  /** Elements currently observed, with the rootMargin of their observer. */
  observed(): Map<Element, string>;
  /** Reports `element` as inside or outside the (grown) viewport. */
  set(element: Element, inside: boolean): void;
}

export function createFakeIntersections(): FakeIntersections {
  const observers = new Set<FakeObserver>();
  class FakeObserver {
    readonly targets = new Set<Element>();
    readonly rootMargin: string;
    constructor(
      private readonly callback: IntersectionObserverCallback,
      options: IntersectionObserverInit = {},
    ) {
      this.rootMargin = options.rootMargin ?? "0px";
      observers.add(this);
    }
    observe(element: Element): void {
      this.targets.add(element);
    }
    unobserve(element: Element): void {
      this.targets.delete(element);
    }
    disconnect(): void {
      this.targets.clear();
      observers.delete(this);
    }
    takeRecords(): IntersectionObserverEntry[] {
      return [];
    }
    report(element: Element, inside: boolean): void {
      const entry = {
        target: element,
        isIntersecting: inside,
      } as IntersectionObserverEntry;
      this.callback([entry], this as unknown as IntersectionObserver);
    }
  }
  return {
    IntersectionObserver:
      FakeObserver as unknown as typeof IntersectionObserver,
    observed() {
      const all = new Map<Element, string>();
      for (const observer of observers)
        for (const target of observer.targets)
          all.set(target, observer.rootMargin);
      return all;
    },
    set(element, inside) {
      for (const observer of observers)
        if (observer.targets.has(element)) observer.report(element, inside);
    },
  };
}

export interface Page {
  handle: LiveViewHandle;
  sockets: FakeSockets;
  intersections: FakeIntersections;
  /** The socket, accepted. */
  socket: FakeSocket;
}

/** Clients startPage started, for freshPageEachTest to stop. */
const started = new Set<LiveViewHandle>();

/**
 * Every test of the file starts on an empty document with a room; after it, the clients it
 * started are stopped and mocked timers and spies are put back.
 */
export function freshPageEachTest(): void {
  beforeEach(() => {
    resetDocument();
    document.documentElement.setAttribute("data-room", "r");
  });
  afterEach(() => {
    for (const handle of started) handle.stop();
    started.clear();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}

/** Renders `html` in the body, starts the client on it with fakes, and opens the socket. */
export async function startPage(
  html: string,
  options: StartOptions = {},
): Promise<Page> {
  document.body.innerHTML = html;
  document.body.setAttribute("data-controller", "page");
  const sockets = createFakeSockets();
  const intersections = createFakeIntersections();
  const handle = startLiveView({
    WebSocket: sockets.WebSocket,
    IntersectionObserver: intersections.IntersectionObserver,
    ...options,
  });
  started.add(handle);
  await handle.ready;
  const socket = sockets.latest();
  socket.accept();
  return { handle, sockets, intersections, socket };
}

/** Lets MutationObserver callbacks and other microtasks run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 3; i++)
    await new Promise<void>((resolve) => queueMicrotask(resolve));
}

export function resetDocument(): void {
  document.head.innerHTML = "";
  document.body.innerHTML = "";
  for (const element of [document.documentElement, document.body]) {
    for (const name of element.getAttributeNames())
      element.removeAttribute(name);
  }
  document.title = "";
  localStorage.clear();
  vi.unstubAllGlobals();
}
