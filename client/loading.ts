/**
 * Loading state: a trigger carries `aria-busy="true"` and the `liveview-loading` class from the
 * moment its message is sent until the server answers it (`{"ack": id}` or an error with that id).
 * A trigger that fired twice stays busy until both messages are answered.
 */
import { BUSY_ATTR, LOADING_CLASS } from "./attributes.ts";

export type MessageId = string | number;

export interface LoadingState {
  start(id: MessageId, element: Element): void;
  finish(id: MessageId): void;
  /** Clears every message except those in `keep` (messages lost with a dropped socket). */
  finishAllExcept(keep: ReadonlySet<MessageId>): void;
  /** The elements currently busy. */
  busy(): Element[];
}

function setBusy(element: Element, busy: boolean): void {
  if (busy) {
    element.setAttribute(BUSY_ATTR, "true");
    element.classList.add(LOADING_CLASS);
  } else {
    element.removeAttribute(BUSY_ATTR);
    element.classList.remove(LOADING_CLASS);
  }
}

export function createLoadingState(): LoadingState {
  const pending = new Map<MessageId, Element>();

  function finish(id: MessageId): void {
    const element = pending.get(id);
    if (element === undefined) return;
    pending.delete(id);
    for (const other of pending.values()) if (other === element) return;
    setBusy(element, false);
  }

  return {
    start(id, element) {
      pending.set(id, element);
      setBusy(element, true);
    },
    finish,
    finishAllExcept(keep) {
      for (const id of [...pending.keys()]) if (!keep.has(id)) finish(id);
    },
    busy: () => [...new Set(pending.values())],
  };
}
