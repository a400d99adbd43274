/**
 * Applies one server frame to the page, in this order: the target's content (remove, append or
 * replace), then `url` (pushed after the change, so Back restores the page as it was before it),
 * `title`, `scroll` / `scrollTop`, and `script`. A frame may have no target (only `script`, `scroll`
 * or `scrollTop`). A target that matches nothing gets one warning and the frame is skipped whole:
 * half-applying it (a new URL over old content) would be worse.
 */
import type { SendData } from "../src/protocol.ts";
import type { LiveHistory } from "./history.ts";
import { runScript } from "./scripts.ts";
import { appendContent, cleanUp, replaceContent } from "./swap.ts";
import { log } from "./log.ts";

export interface ApplyContext {
  window: Window;
  history: LiveHistory;
}

/**
 * The first match, or null; an invalid selector counts as no match (the caller's "not found"
 * warning names it).
 */
export function find(document: Document, selector: string): Element | null {
  try {
    return document.querySelector(selector);
  } catch {
    return null;
  }
}

function changeTarget(target: Element, frame: SendData): void {
  if (frame.remove) {
    cleanUp(target);
    target.remove();
    return;
  }
  // Without `html` there is nothing to put in (Django LiveView's client rendered the text "undefined").
  if (typeof frame.html !== "string") return;
  if (frame.append) appendContent(target, frame.html);
  else replaceContent(target, frame.html, frame.morph !== false);
}

/** A non-empty string, else undefined (`""` means "not given", like an absent key). */
function given(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function applyFrame(frame: SendData, context: ApplyContext): void {
  const { window, history } = context;
  const { document } = window;
  const selector = given(frame.target);
  const url = given(frame.url);
  const scroll = given(frame.scroll);
  const script = given(frame.script);
  const target = selector === undefined ? null : find(document, selector);
  if (selector !== undefined && target === null) {
    log.warn(`target "${selector}" not found in the page; frame ignored`);
    return;
  }
  const change = (): void => {
    if (target !== null) changeTarget(target, frame);
  };
  if (url !== undefined) {
    history.navigate(url, selector, change);
    // A new URL reads as a new page: start at its top unless the frame says where to go.
    if (frame.scroll === undefined && !frame.scrollTop) window.scrollTo(0, 0);
  } else {
    change();
  }
  if (typeof frame.title === "string") document.title = frame.title;
  if (scroll !== undefined) {
    const element = find(document, scroll);
    if (element === null) log.warn(`scroll target "${scroll}" not found`);
    else element.scrollIntoView?.({ behavior: "smooth", block: "start" });
  }
  if (frame.scrollTop) window.scrollTo({ top: 0, behavior: "smooth" });
  if (script !== undefined) runScript(script, document);
}
