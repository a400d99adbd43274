/**
 * What the browser client would send for an init element of a page the server renders: `data`
 * from its `data-data-*` attributes and `form` from the fields around it, read from the parsed
 * HTML by the rules of client/collect.ts, so a prerendered call gets the content a live one gets.
 */
import type { Element } from "domhandler";
import { decodeHTML, decodeHTMLAttribute } from "entities";
import { DomUtils } from "htmlparser2";
import type { FormValue } from "./protocol.ts";

const DATA_ATTR_PREFIX = "data-data-";
/** The elements client/collect.ts takes fields from (`input, select, textarea`). */
const FIELD_NAMES = new Set(["input", "select", "textarea"]);
/** Input types that are buttons: clicking one is the trigger, not a value. */
const BUTTON_TYPES = new Set(["button", "submit", "reset", "image"]);

/** An attribute as the DOM would give it (the page is parsed without decoding entities). */
export function readAttribute(
  element: Element,
  name: string,
): string | undefined {
  const raw = element.attribs[name];
  return raw === undefined ? undefined : decodeHTMLAttribute(raw);
}

/** `data-data-item-id="7"` -> `{ item_id: "7" }`. */
export function collectPageData(element: Element): Record<string, string> {
  const data: Record<string, string> = {};
  for (const name of Object.keys(element.attribs)) {
    if (!name.startsWith(DATA_ATTR_PREFIX) || name === DATA_ATTR_PREFIX)
      continue;
    const key = name.slice(DATA_ATTR_PREFIX.length).replace(/-/g, "_");
    data[key] = readAttribute(element, name) ?? "";
  }
  return data;
}

function parentElement(node: Element): Element | undefined {
  return node.parent?.type === "tag" ? (node.parent as Element) : undefined;
}

function closest(element: Element, name: string): Element | undefined {
  for (let at: Element | undefined = element; at; at = parentElement(at)) {
    if (at.name === name) return at;
  }
  return undefined;
}

/** The `type` property of a field: lower case, "text" by default. */
function typeOf(field: Element): string {
  if (field.name === "select")
    return "multiple" in field.attribs ? "select-multiple" : "select-one";
  if (field.name === "textarea") return "textarea";
  return (
    (readAttribute(field, "type") ?? "text").trim().toLowerCase() || "text"
  );
}

function isDisabled(field: Element): boolean {
  if ("disabled" in field.attribs) return true;
  // A disabled <fieldset> disables its fields, except those in its first <legend>.
  for (let at = parentElement(field); at; at = parentElement(at)) {
    if (at.name !== "fieldset" || !("disabled" in at.attribs)) continue;
    const legend = at.children.find(
      (child): child is Element =>
        child.type === "tag" && child.name === "legend",
    );
    return !legend || !DomUtils.existsOne((node) => node === field, [legend]);
  }
  return false;
}

function optionValue(option: Element): string {
  return (
    readAttribute(option, "value") ??
    decodeHTML(DomUtils.textContent(option)).replace(/\s+/g, " ").trim()
  );
}

function selectValue(select: Element, multiple: boolean): FormValue {
  const options = DomUtils.findAll(
    (element) => element.name === "option",
    select.children,
  );
  const selected = options.filter((option) => "selected" in option.attribs);
  if (multiple) return selected.map(optionValue);
  // A single select shows its last selected option, else its first enabled one.
  const shown =
    selected.at(-1) ??
    options.find((option) => !("disabled" in option.attribs));
  return shown ? optionValue(shown) : "";
}

function valueOf(field: Element, type: string): string {
  if (type === "textarea")
    return decodeHTML(DomUtils.textContent(field)).replace(/^\r?\n/, "");
  const value = readAttribute(field, "value");
  if (type === "checkbox" || type === "radio") return value ?? "on";
  return value ?? "";
}

/** The fields of the closest `<form>` (or the trigger's parent), as client/collect.ts takes them. */
function fieldsOf(trigger: Element): Element[] {
  const form = closest(trigger, "form");
  const container = form ?? parentElement(trigger);
  const fields = container
    ? DomUtils.findAll(
        (element) =>
          FIELD_NAMES.has(element.name) &&
          (form !== undefined || closest(element, "form") === undefined),
        container.children,
      )
    : [];
  if (FIELD_NAMES.has(trigger.name) && !fields.includes(trigger))
    fields.push(trigger);
  return fields;
}

/**
 * Checkbox -> boolean (a group of checkboxes sharing one name -> the checked values), radio -> the
 * checked value (absent when none is), `select multiple` -> selected values, others -> value.
 */
export function collectPageForm(trigger: Element): Record<string, FormValue> {
  const fields = fieldsOf(trigger)
    .map((field) => ({
      field,
      name: readAttribute(field, "name") ?? "",
      type: typeOf(field),
    }))
    .filter(
      ({ field, name, type }) =>
        name !== "" && !isDisabled(field) && !BUTTON_TYPES.has(type),
    );
  const checkboxes = new Map<string, number>();
  for (const { name, type } of fields)
    if (type === "checkbox")
      checkboxes.set(name, (checkboxes.get(name) ?? 0) + 1);
  const form: Record<string, FormValue> = {};
  for (const { field, name, type } of fields) {
    const checked = "checked" in field.attribs;
    if (type === "select-multiple" || type === "select-one") {
      form[name] = selectValue(field, type === "select-multiple");
    } else if (type === "checkbox" && (checkboxes.get(name) ?? 0) > 1) {
      const group = Array.isArray(form[name]) ? form[name] : [];
      if (checked) group.push(valueOf(field, type));
      form[name] = group;
    } else if (type === "checkbox") {
      form[name] = checked;
    } else if (type === "radio") {
      if (checked) form[name] = valueOf(field, type);
    } else {
      form[name] = valueOf(field, type);
    }
  }
  return form;
}
