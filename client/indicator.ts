/**
 * The `#no-connection` banner of Django LiveView's base template: shown while the socket is lost, hidden
 * once it is open. Looked up on every change (Django LiveView's client looked once, at load, and missed a banner
 * rendered later). `<html>` also carries `liveview-disconnected` meanwhile, for pages without the
 * banner. The library ships no CSS: the page styles the classes.
 */
import {
  DISCONNECTED_CLASS,
  NO_CONNECTION_HIDE_CLASS,
  NO_CONNECTION_ID,
  NO_CONNECTION_SHOW_CLASS,
} from "./attributes.ts";

export function showConnectionLost(document: Document, lost: boolean): void {
  document.documentElement.classList.toggle(DISCONNECTED_CLASS, lost);
  const banner = document.getElementById(NO_CONNECTION_ID);
  if (banner === null) return;
  banner.classList.toggle(NO_CONNECTION_SHOW_CLASS, lost);
  banner.classList.toggle(NO_CONNECTION_HIDE_CLASS, !lost);
}
