/**
 * The server's close codes after which reconnecting cannot help (SPEC 9):
 * - 4401, the session was revoked (`disconnectSockets`): the client does not come back; it
 *   dispatches `liveview:unauthorized` and, unless that is cancelled, reloads, so the server can
 *   send the user to its login page.
 * - 4409, the page comes from another build than the server's (a deploy happened while it was
 *   open): it reloads once to get the new assets. If the reloaded page still gets 4409 (a stale
 *   cache, a server that has not rolled out yet), a sessionStorage mark for that build id stops a
 *   reload loop: it logs and stays disconnected. The mark stays for the tab's life: the server
 *   accepts the socket before it closes it with 4409, so an open proves nothing about the build.
 */
import { BUILD_RELOAD_STORAGE_KEY } from "./attributes.ts";
import { emit, UNAUTHORIZED_EVENT } from "./events.ts";
import { log } from "./log.ts";
import { readItem, writeItem } from "./storage.ts";

export const UNAUTHORIZED_CODE = 4401;
export const STALE_BUILD_CODE = 4409;

/** Acts on a close with one of the codes above; returns whether to keep reconnecting. */
export function handleCloseCode(
  window: Window,
  code: number | undefined,
  buildId = "",
): boolean {
  const storage = (): Storage => window.sessionStorage;
  const key = BUILD_RELOAD_STORAGE_KEY + buildId;
  if (code === UNAUTHORIZED_CODE) {
    if (emit(window.document, UNAUTHORIZED_EVENT, { code }, true))
      window.location.reload();
  } else if (code === STALE_BUILD_CODE) {
    if (readItem(storage, key) === null) {
      writeItem(storage, key, "1");
      window.location.reload();
    } else {
      log.error(
        `build ${buildId} is not the server's, even after a reload; staying disconnected`,
      );
    }
  } else {
    return true;
  }
  return false;
}
