/**
 * What a trigger sends besides the function name: `data` from its own `data-data-*` attributes and
 * `form` from the fields around it. Both are read when the message is built (after a debounce, the
 * values the user ends up with). Deliberate differences from Django LiveView's client: the prefix is stripped
 * (`data-data-item-id` -> `item_id`, as the docs say), other `data-*` attributes stay private, a
 * plain container counts like a form (the docs' `<div>` examples), disabled fields are skipped and
 * `select multiple` sends every selected value.
 */
import type { FormValue } from "../src/protocol.ts";
import { DATA_ATTR_PREFIX, LANG_ATTR } from "./attributes.ts";

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const FIELD_SELECTOR = "input, select, textarea";
/** Input types that are buttons: clicking one is the trigger, not a value. */
const BUTTON_TYPES = new Set(["button", "submit", "reset", "image"]);

/** `data-data-item-id="7"` -> `{ item_id: "7" }`. */
export function collectData(element: Element): Record<string, string> {
  const data: Record<string, string> = {};
  for (const { name, value } of Array.from(element.attributes)) {
    if (
      !name.startsWith(DATA_ATTR_PREFIX) ||
      name.length === DATA_ATTR_PREFIX.length
    )
      continue;
    data[name.slice(DATA_ATTR_PREFIX.length).replace(/-/g, "_")] = value;
  }
  return data;
}

function isField(element: Element): element is Field {
  return element.matches(FIELD_SELECTOR);
}

function isDisabled(field: Field): boolean {
  if (field.disabled) return true;
  // A disabled <fieldset> disables its fields (except those in its first <legend>).
  const fieldset = field.closest("fieldset[disabled]");
  return (
    fieldset !== null &&
    !fieldset.querySelector(":scope > legend")?.contains(field)
  );
}

/** The closest `<form>` (the trigger itself when it is one), else the trigger's parent. */
export const scopeOf = (trigger: Element): Element | null =>
  trigger.closest("form") ?? trigger.parentElement;

/**
 * The fields of the trigger's scope; in a parent, fields of a `<form>` nested in it belong to
 * that form and stay out (a button next to a search box must not send the login form further down).
 */
function fieldsOf(trigger: Element): Field[] {
  const form = trigger.closest("form");
  const container = scopeOf(trigger);
  const fields = container
    ? Array.from(container.querySelectorAll<Field>(FIELD_SELECTOR)).filter(
        (field) => form !== null || field.closest("form") === null,
      )
    : [];
  if (isField(trigger) && !fields.includes(trigger)) fields.push(trigger);
  return fields;
}

function selectedValues(select: HTMLSelectElement): string[] {
  return Array.from(select.options)
    .filter((option) => option.selected)
    .map((option) => option.value);
}

/**
 * Checkbox -> boolean (a group of checkboxes sharing one name -> the checked values), radio -> the
 * checked value (absent when none is), `select multiple` -> selected values, others -> `.value`.
 */
export function collectForm(trigger: Element): Record<string, FormValue> {
  const fields = fieldsOf(trigger).filter(
    (field) =>
      field.name !== "" && !isDisabled(field) && !BUTTON_TYPES.has(field.type),
  );
  const form: Record<string, FormValue> = {};
  for (const field of fields) {
    const { name, type } = field;
    const { checked } = field as HTMLInputElement;
    if (field.localName === "select" && (field as HTMLSelectElement).multiple) {
      form[name] = selectedValues(field as HTMLSelectElement);
    } else if (type === "radio") {
      if (checked) form[name] = field.value;
    } else if (type !== "checkbox") {
      form[name] = field.value;
    } else if (
      fields.some(
        (other) =>
          other !== field && other.type === type && other.name === name,
      )
    ) {
      // A group of checkboxes sharing one name.
      const group = Array.isArray(form[name]) ? (form[name] as string[]) : [];
      if (checked) group.push(field.value);
      form[name] = group;
    } else {
      form[name] = checked;
    }
  }
  return form;
}

/** `<html lang>` at the moment of sending; empty when the page declares none. */
export function readLang(document: Document): string {
  return document.documentElement.getAttribute(LANG_ATTR) ?? "";
}
