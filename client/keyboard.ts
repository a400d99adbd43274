/**
 * `data-liveview-keyboard-map='{"ctrl+s":"save","esc":"close"}'`: a key calls a handler for the
 * element (its `data-data-*` and form, like `page#run`) and its default is prevented (Ctrl+S
 * opens no save dialog). On `<body>` the map is global; elsewhere it hears keys while focus is
 * in the element, which is made focusable. The map is read at each key, so a morph that changes
 * it needs no re-binding. The innermost map that knows a key wins (an outer one sees the key
 * already handled). Plain typing into a field is left to the field: a global `"s"` must not eat
 * the letter s of a search box, while `ctrl+s` and `esc` still work there.
 */
import { KEYBOARD_MAP_ATTR, TABINDEX_ATTR } from "./attributes.ts";
import { log } from "./log.ts";

export interface KeyboardMaps {
  /** Starts hearing the element's keys (no-op when already heard); makes it focusable. */
  watch(element: Element): void;
  stop(): void;
}

const KEY_NAMES: Record<string, string> = {
  " ": "space",
  escape: "esc",
  pageup: "page_up",
  pagedown: "page_down",
};

const TYPING_TARGET = "input, textarea, select, [contenteditable]";

/**
 * `ctrl+alt+meta+shift+<key>`, modifiers in that order; shift is left out for letters and digits
 * (it only changes their case). Keys: letters and digits lower case, `esc enter space tab up down
 * left right home end page_up page_down`, others as `event.key` in lower case.
 */
export function keyName(event: KeyboardEvent): string {
  const lower = event.key.toLowerCase().replace(/^arrow/, "");
  const key = KEY_NAMES[lower] ?? lower;
  const shift = event.shiftKey && !/^[a-z0-9]$/.test(key);
  const { ctrlKey, altKey, metaKey } = event;
  return [
    ctrlKey && "ctrl",
    altKey && "alt",
    metaKey && "meta",
    shift && "shift",
    key,
  ]
    .filter(Boolean)
    .join("+");
}

/** A character (no ctrl, alt or meta) typed into a field. */
function isTyping(name: string, event: KeyboardEvent): boolean {
  return (
    /^(shift\+)?(.|space)$/.test(name) &&
    (event.target as Element | null)?.closest?.(TYPING_TARGET) != null
  );
}

export function createKeyboardMaps(
  trigger: (element: Element, fn: string) => void,
): KeyboardMaps {
  const heard = new WeakSet<Element>();
  const listening = new AbortController();

  function onKey(element: Element, event: KeyboardEvent): void {
    const raw = element.getAttribute(KEYBOARD_MAP_ATTR);
    // Chrome's autofill sends keydown events without a key.
    if (raw === null || !event.key || event.defaultPrevented) return;
    const name = keyName(event);
    if (isTyping(name, event)) return;
    let fn: unknown;
    try {
      fn = JSON.parse(raw)?.[name];
    } catch {
      log.warn(`${KEYBOARD_MAP_ATTR} is not valid JSON:`, element);
      return;
    }
    if (typeof fn !== "string" || fn === "") return;
    event.preventDefault();
    trigger(element, fn);
  }

  return {
    watch(element) {
      const { body } = element.ownerDocument;
      if (element !== body && !element.hasAttribute(TABINDEX_ATTR))
        element.setAttribute(TABINDEX_ATTR, "0");
      if (heard.has(element)) return;
      heard.add(element);
      (element === body ? element.ownerDocument : element).addEventListener(
        "keydown",
        (event) => onKey(element, event as KeyboardEvent),
        { signal: listening.signal },
      );
    },
    stop: () => listening.abort(),
  };
}
