/**
 * What the page sees of the connection: the banner and the `<html>` class (indicator.ts), the
 * `liveview:connected` / `disconnected` / `reconnected` events, and the calls a lost socket took
 * with it. Events report changes, not each failed attempt of a reconnect schedule.
 */
import type { ClientMessage } from "../src/protocol.ts";
import {
  CONNECTED_EVENT,
  DISCONNECTED_EVENT,
  emit,
  RECONNECTED_EVENT,
} from "./events.ts";
import { showConnectionLost } from "./indicator.ts";
import type { LoadingState, MessageId } from "./loading.ts";
import { log } from "./log.ts";

/** The code of a call whose socket died before its answer came. */
export const CONNECTION_LOST = "LV_ERR_CONNECTION_LOST";

export interface ConnectionView {
  /** See LiveSocketOptions.onOpen. */
  opened(fresh: boolean): void;
  /** `queued`: messages still waiting to be written, which the next socket sends. */
  lost(code: number | undefined, queued: readonly ClientMessage[]): void;
}

export function createConnectionView(
  document: Document,
  loading: LoadingState,
): ConnectionView {
  /** Undefined until the first open or loss. */
  let connected: boolean | undefined;
  let everOpened = false;

  return {
    opened(fresh) {
      showConnectionLost(document, false);
      if (connected !== true) emit(document, CONNECTED_EVENT, {});
      if (fresh && everOpened) emit(document, RECONNECTED_EVENT, {});
      connected = true;
      everOpened ||= fresh;
    },
    /**
     * Messages written to a socket that died will never be answered, and are not sent again (the
     * server may have run them): they stop showing as busy and fail with LV_ERR_CONNECTION_LOST.
     */
    lost(code, queued) {
      showConnectionLost(document, true);
      if (connected !== false) emit(document, DISCONNECTED_EVENT, { code });
      connected = false;
      const waiting = new Set<MessageId | undefined>(
        queued.map((message) => message.id),
      );
      for (const id of loading.ids()) {
        if (waiting.has(id)) continue;
        const element = loading.finish(id);
        const message = "connection lost";
        log.callFailed(
          document,
          { code: CONNECTION_LOST, message, id, element },
          true,
        );
      }
    },
  };
}
