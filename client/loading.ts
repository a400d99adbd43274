/**
 * Loading state, from the moment a call is sent until the server answers it (`{"ack": id}` or an
 * error with that id): the trigger carries `aria-busy="true"` and the `liveview-loading` class (a
 * trigger that fired twice stays busy until both are answered); a trigger with
 * `data-liveview-disable-with` is also disabled and shows that text; every
 * `data-liveview-loading-for` element naming the called function carries `liveview-loading` while
 * any call to it is in flight.
 */
import {
  BUSY_ATTR,
  DISABLE_WITH_ATTR,
  LOADING_CLASS,
  LOADING_FOR_ATTR,
} from "./attributes.ts";

export type MessageId = string | number;

export interface LoadingState {
  start(id: MessageId, fn: string, element?: Element): void;
  /** Ends call `id`; returns its trigger, if it had one. */
  finish(id: MessageId): Element | undefined;
  /** Calls in flight, oldest first. */
  ids(): MessageId[];
  /** Whether `element` is a trigger still waiting for an answer. */
  isBusy(element: Element): boolean;
}

interface Call {
  fn: string;
  element: Element | undefined;
}

/** What a disabled trigger showed before: its child nodes (kept, not re-parsed), or an input's value. */
interface Saved {
  disabled: boolean;
  content: Node[] | string;
  text: string;
}

type Control = HTMLButtonElement | HTMLInputElement;

function setBusy(element: Element, busy: boolean): void {
  if (busy) element.setAttribute(BUSY_ATTR, "true");
  else element.removeAttribute(BUSY_ATTR);
  element.classList.toggle(LOADING_CLASS, busy);
}

export function createLoadingState(document: Document): LoadingState {
  const pending = new Map<MessageId, Call>();
  const saved = new Map<Element, Saved>();

  const inFlight = (test: (call: Call) => boolean): boolean =>
    [...pending.values()].some(test);
  const isBusy = (element: Element): boolean =>
    inFlight((call) => call.element === element);

  function disable(element: Element): void {
    const text = element.getAttribute(DISABLE_WITH_ATTR);
    if (text === null || saved.has(element)) return;
    const control = element as Control;
    const isInput = element.localName === "input";
    saved.set(element, {
      disabled: control.disabled,
      content: isInput ? control.value : [...element.childNodes],
      text,
    });
    control.disabled = true;
    if (isInput) control.value = text;
    else element.textContent = text;
  }

  /** Puts back what the trigger showed, unless the server rendered something new over it meanwhile. */
  function enable(element: Element): void {
    const before = saved.get(element);
    if (before === undefined) return;
    saved.delete(element);
    const control = element as Control;
    control.disabled = before.disabled;
    if (typeof before.content === "string") {
      if (control.value === before.text) control.value = before.content;
    } else if (element.textContent === before.text) {
      element.replaceChildren(...before.content);
    }
  }

  /** Looked up on each change, so indicators rendered since the call started count too. */
  function showLoadingFor(fn: string): void {
    const busy = inFlight((call) => call.fn === fn);
    for (const element of document.querySelectorAll(`[${LOADING_FOR_ATTR}]`)) {
      const names = element.getAttribute(LOADING_FOR_ATTR)!.split(" ");
      if (names.includes(fn)) element.classList.toggle(LOADING_CLASS, busy);
    }
  }

  return {
    start(id, fn, element) {
      pending.set(id, { fn, element });
      if (element) {
        setBusy(element, true);
        disable(element);
      }
      showLoadingFor(fn);
    },
    finish(id) {
      const call = pending.get(id);
      if (call === undefined) return undefined;
      pending.delete(id);
      const { element } = call;
      if (element && !isBusy(element)) {
        setBusy(element, false);
        enable(element);
      }
      showLoadingFor(call.fn);
      return element;
    },
    ids: () => [...pending.keys()],
    isBusy,
  };
}
