/**
 * `startLiveView()`: what the plugin's injected script calls on every page. Opens the socket first
 * (so messages from the first clicks are queued, not lost), then registers the `page` controller
 * on the given Stimulus application or on one it starts itself.
 */
import { Application } from "@hotwired/stimulus";
import { CONTROLLER_NAME } from "./attributes.ts";
import {
  createLiveViewClient,
  type LiveViewClientOptions,
  type SendExtra,
} from "./client.ts";
import { createPageController } from "./controller.ts";
import type { IntersectionObserverConstructor } from "./intersect.ts";
import type { MessageId } from "./loading.ts";
import type { LiveSocket } from "./socket.ts";

export interface StartOptions extends LiveViewClientOptions {
  /** An application the page already runs; else one is started on `<html>` (and stopped by `stop()`). */
  application?: Application;
  /** @default window.IntersectionObserver */
  IntersectionObserver?: IntersectionObserverConstructor;
}

export interface LiveViewHandle {
  readonly application: Application;
  readonly socket: LiveSocket;
  readonly room: string;
  /** Resolves once the `page` controllers of the current page are connected. */
  readonly ready: Promise<void>;
  /** Calls server handler `fn` from code; returns the message id its ack will carry. */
  send(fn: string, extra?: SendExtra): MessageId;
  /** Closes the socket, removes the controller (or stops the application it started). */
  stop(): void;
}

/** `window.liveview`: the console's handle on the client (debug.ts). */
type WindowWithHandle = Window & { liveview?: unknown };

export function startLiveView(options: StartOptions = {}): LiveViewHandle {
  const client = createLiveViewClient(options);
  const win: WindowWithHandle = options.window ?? window;
  const { document } = win;
  // The first client of a page publishes it; a `liveview` the page already has is left alone.
  win.liveview ??= client.debug;
  const owned = options.application === undefined;
  const application =
    options.application ?? new Application(document.documentElement);
  application.register(
    CONTROLLER_NAME,
    createPageController({
      trigger: client.trigger,
      IntersectionObserver: options.IntersectionObserver,
    }),
  );
  const ready = owned ? application.start() : Promise.resolve();
  return {
    application,
    socket: client.socket,
    room: client.room,
    ready,
    send: client.send,
    stop() {
      // unload() disconnects our controllers (Application#stop alone leaves them connected).
      application.unload(CONTROLLER_NAME);
      if (owned) application.stop();
      client.stop();
      if (win.liveview === client.debug) delete win.liveview;
    },
  };
}
