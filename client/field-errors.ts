/**
 * The issues of an `LV_ERR_INVALID_INPUT` answer, next to their fields: each message goes into
 * the `[data-liveview-error-for="<path>"]` element of the trigger's form (or container, the same
 * scope whose values were sent) and the field named `<path>` gets `aria-invalid="true"`. The
 * form's next successful call clears both, and so does its next refusal before it writes its
 * own. Only what the client wrote is cleared: a message the server rendered there since stays.
 */
import { ERROR_FOR_ATTR, INVALID_ATTR } from "./attributes.ts";
import { scopeOf } from "./collect.ts";
import type { LiveViewIssue } from "./events.ts";

export interface FieldErrors {
  /** Shows `issues` in the scope of `trigger`; true when each one found its element. */
  show(trigger: Element, issues: LiveViewIssue[]): boolean;
  /** Clears what `show` wrote in the scope of `trigger`. */
  clear(trigger: Element): void;
}

export function createFieldErrors(): FieldErrors {
  /** For each scope, what puts back what `show` changed there. */
  const undo = new WeakMap<Element, (() => void)[]>();

  function clear(scope: Element | null): void {
    for (const step of (scope && undo.get(scope)) || []) step();
    if (scope) undo.delete(scope);
  }

  return {
    show(trigger, issues) {
      const scope = scopeOf(trigger);
      clear(scope);
      if (!scope) return false;
      const steps: (() => void)[] = [];
      const find = (attribute: string, path: string) =>
        scope.querySelectorAll(`[${attribute}="${CSS.escape(path)}"]`);
      const done = new Set<string>();
      let all = true;
      for (const { path, message } of issues) {
        const [output] = find(ERROR_FOR_ATTR, path);
        all &&= output !== undefined;
        // The first message of a field is the one shown.
        if (done.has(path)) continue;
        done.add(path);
        if (output) {
          output.textContent = message;
          steps.push(() => {
            if (output.textContent === message) output.textContent = "";
          });
        }
        for (const field of find("name", path)) {
          field.setAttribute(INVALID_ATTR, "true");
          steps.push(() => field.removeAttribute(INVALID_ATTR));
        }
      }
      undo.set(scope, steps);
      return all;
    },
    clear: (trigger) => clear(scopeOf(trigger)),
  };
}
