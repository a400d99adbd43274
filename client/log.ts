/**
 * Every warning and error the client reports goes through here, so they read alike and there is
 * one place where the page hears about them: a failed call is both logged and dispatched as
 * `liveview:error`; the debug log (debug.ts) writes through `log.debug`.
 */
import { emit, ERROR_EVENT, type LiveViewErrorDetail } from "./events.ts";

const PREFIX = "LiveView";

export const log = {
  warn(message: string, ...details: unknown[]): void {
    console.warn(`${PREFIX}: ${message}`, ...details);
  },
  error(message: string, ...details: unknown[]): void {
    console.error(`${PREFIX}: ${message}`, ...details);
  },
  /** Only while the page asked for it (`liveview.debug(true)`). */
  debug(message: string, ...details: unknown[]): void {
    console.log(`${PREFIX} ${message}`, ...details);
  },
  /**
   * A call failed: dispatched as `liveview:error`, and an error frame from the server is also
   * logged as `LiveView LV_ERR_…: message`. A call lost with its socket is only dispatched: the
   * connection banner already tells the user.
   */
  callFailed(
    document: Document,
    detail: LiveViewErrorDetail,
    quiet?: boolean,
  ): void {
    if (!quiet)
      console.error(`${PREFIX} ${detail.code ?? "error"}: ${detail.message}`);
    emit(document, ERROR_EVENT, detail);
  },
};
