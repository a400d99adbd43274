/**
 * Triggers that fire when an element appears rather than on an event: `data-liveview-init`,
 * `data-liveview-focus` and the intersect attributes (and keyboard maps, which are bound as they
 * appear). They apply to the elements present when the
 * controller connects and to every element inserted later (server HTML, other scripts), found by
 * one MutationObserver. An element a morph updated in place counts as new when the attribute
 * itself changed (a new init function, focus turned on, a sentinel with new `data-data-*`).
 */
import {
  DATA_ATTR_PREFIX,
  FOCUS_ATTR,
  FOCUS_ON,
  INIT_ATTR,
  INTERSECT_APPEAR_ATTR,
  INTERSECT_DISAPPEAR_ATTR,
  INTERSECT_THRESHOLD_ATTR,
  KEYBOARD_MAP_ATTR,
  PRERENDERED_ATTR,
  TABINDEX_ATTR,
} from "./attributes.ts";
import {
  createIntersectWatcher,
  type IntersectionObserverConstructor,
} from "./intersect.ts";
import { createKeyboardMaps } from "./keyboard.ts";

export interface AppearanceObserver {
  stop(): void;
}

export interface AppearanceOptions {
  /** Sends `fn` on behalf of `element` (its data and form). */
  trigger(element: Element, fn: string): void;
  IntersectionObserver?: IntersectionObserverConstructor | undefined;
}

const INIT_SELECTOR = `[${INIT_ATTR}]`;
const FOCUS_SELECTOR = `[${FOCUS_ATTR}="${FOCUS_ON}"]`;
const INTERSECT_SELECTOR = `[${INTERSECT_APPEAR_ATTR}], [${INTERSECT_DISAPPEAR_ATTR}]`;
const KEYBOARD_SELECTOR = `[${KEYBOARD_MAP_ATTR}]`;
const INTERSECT_ATTRS = new Set([
  INTERSECT_APPEAR_ATTR,
  INTERSECT_DISAPPEAR_ATTR,
  INTERSECT_THRESHOLD_ATTR,
]);

/** `root` itself when it matches, then its matching descendants, in document order. */
function matching(root: Element, selector: string): Element[] {
  const found = Array.from(root.querySelectorAll(selector));
  return root.matches(selector) ? [root, ...found] : found;
}

export function observeAppearances(
  root: Element,
  options: AppearanceOptions,
): AppearanceObserver {
  const document = root.ownerDocument;
  const intersect = createIntersectWatcher(
    options.trigger,
    options.IntersectionObserver,
  );
  const keyboard = createKeyboardMaps(options.trigger);
  /**
   * The init function each element was last initialised with: init runs once per element. An
   * element the server prerendered counts as initialised with the function it has.
   */
  const initialised = new WeakMap<Element, string>();
  /** Elements already auto-focused: a node that a morph moves is not focused again. */
  const focused = new WeakSet<Element>();

  function init(element: Element): void {
    const fn = element.getAttribute(INIT_ATTR)?.trim();
    if (!fn || initialised.get(element) === fn) return;
    initialised.set(element, fn);
    if (!element.hasAttribute(PRERENDERED_ATTR)) options.trigger(element, fn);
  }

  /** Focuses the first candidate that accepts focus (hidden or disabled ones do not). */
  function focusFirst(candidates: Element[]): void {
    for (const element of candidates) {
      if (focused.has(element) || !element.isConnected) continue;
      focused.add(element);
      (element as HTMLElement).focus?.();
      if (document.activeElement === element) return;
    }
  }

  function appear(elements: Element[]): void {
    const focusCandidates: Element[] = [];
    for (const element of elements) {
      if (!element.isConnected) continue;
      for (const found of matching(element, INIT_SELECTOR)) init(found);
      for (const found of matching(element, INTERSECT_SELECTOR))
        intersect.watch(found);
      for (const found of matching(element, KEYBOARD_SELECTOR))
        keyboard.watch(found);
      focusCandidates.push(...matching(element, FOCUS_SELECTOR));
    }
    focusFirst(focusCandidates);
  }

  function attributeChanged(
    element: Element,
    name: string,
    oldValue: string | null,
  ): void {
    if (!element.isConnected) return;
    if (name === INIT_ATTR) init(element);
    // A map added later, or a morph that dropped the tabindex we gave the element.
    else if (name === KEYBOARD_MAP_ATTR || name === TABINDEX_ATTR) {
      if (element.matches(KEYBOARD_SELECTOR)) keyboard.watch(element);
    } else if (
      name === FOCUS_ATTR &&
      oldValue !== FOCUS_ON &&
      element.getAttribute(FOCUS_ATTR) === FOCUS_ON
    ) {
      focused.delete(element);
      focusFirst([element]);
    } else if (INTERSECT_ATTRS.has(name) || name.startsWith(DATA_ATTR_PREFIX)) {
      if (element.matches(INTERSECT_SELECTOR)) intersect.rearm(element);
      else intersect.unwatch(element);
    }
  }

  function onMutations(records: MutationRecord[]): void {
    const added: Element[] = [];
    let removed = false;
    for (const record of records) {
      if (record.type === "attributes" && record.attributeName !== null) {
        attributeChanged(
          record.target as Element,
          record.attributeName,
          record.oldValue,
        );
        continue;
      }
      for (const node of Array.from(record.addedNodes))
        if (node.nodeType === 1) added.push(node as Element);
      removed ||= record.removedNodes.length > 0;
    }
    if (removed) intersect.unwatchDetached();
    appear(added);
  }

  const mutations = new MutationObserver(onMutations);
  mutations.observe(root, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeOldValue: true,
  });
  appear([root]);

  return {
    stop() {
      mutations.disconnect();
      intersect.stop();
      keyboard.stop();
    },
  };
}
