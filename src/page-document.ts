/**
 * A page's HTML as the server changes it before sending it: parsed with htmlparser2 (the fastest
 * of the parsers measured, see BENCHMARKS.md), its prerender regions found, handler frames applied
 * as the client applies them, and written out again. Entities are left as written, both ways, so
 * what no frame touches goes out as it came in; values read from it are decoded here.
 */
import * as cssSelect from "css-select";
import render from "dom-serializer";
import {
  Element,
  Text,
  type AnyNode,
  type ChildNode,
  type Document,
} from "domhandler";
import { escapeText } from "entities";
import { DomUtils, parseDocument } from "htmlparser2";
import {
  INIT_ATTR,
  PRERENDER_ATTR,
  PRERENDERED_ATTR,
} from "./page-attributes.ts";
import {
  collectPageData,
  collectPageForm,
  readAttribute,
} from "./page-form.ts";
import type { FormValue, SendData } from "./protocol.ts";

const KEEP_ENTITIES = { decodeEntities: false } as const;

type Query = Parameters<typeof cssSelect.selectAll<AnyNode, Element>>[0];
const selectAll = (query: Query, nodes: AnyNode | AnyNode[]): Element[] =>
  cssSelect.selectAll<AnyNode, Element>(query, nodes);
const selectOne = (query: Query, nodes: AnyNode | AnyNode[]): Element | null =>
  cssSelect.selectOne<AnyNode, Element>(query, nodes);

const REGIONS = cssSelect.compile<AnyNode, Element>(
  `[${INIT_ATTR}][${PRERENDER_ATTR}]:not([${PRERENDERED_ATTR}])`,
);
/** The types a browser executes (as client/scripts.ts decides). */
const EXECUTABLE_TYPE =
  /^((text|application)\/(x-)?(java|ecma)script|text\/(javascript1\.[0-5]|jscript|livescript)|module)$/i;

/** An init element to render on the server, with the content the client would send for it. */
export interface PageRegion {
  element: Element;
  fn: string;
  data: Record<string, string>;
  form: Record<string, FormValue>;
}

/** A frame read and parsed, ready to be written into the page. */
export interface PageChange {
  target: string | undefined;
  nodes: ChildNode[] | undefined;
  append: boolean;
  remove: boolean;
  title: string | undefined;
  /** Keys that only mean something in a live page (`url`, `scroll`, `scrollTop`, `script`). */
  ignored: string[];
  /** Its html holds a `<script>` the browser would run without the `el` the client gives it. */
  runsScript: boolean;
}

const LIVE_ONLY_KEYS = ["url", "scroll", "scrollTop", "script"] as const;

function parseFragment(html: string): ChildNode[] {
  return [...parseDocument(html, KEEP_ENTITIES).children];
}

function isExecutable(script: Element): boolean {
  const type = readAttribute(script, "type")?.trim() ?? "";
  return type === "" || EXECUTABLE_TYPE.test(type);
}

function replaceChildren(parent: Element, nodes: ChildNode[]): void {
  for (const child of parent.children) {
    child.parent = child.prev = child.next = null;
  }
  parent.children = [];
  for (const node of nodes) DomUtils.appendChild(parent, node);
}

/** Reads one frame a handler sent; undefined when it is not an object. */
export function readChange(frame: unknown): PageChange | undefined {
  if (typeof frame !== "object" || frame === null || Array.isArray(frame))
    return undefined;
  const data = frame as SendData;
  const nodes =
    typeof data.html === "string" ? parseFragment(data.html) : undefined;
  return {
    target:
      typeof data.target === "string" && data.target !== ""
        ? data.target
        : undefined,
    nodes,
    append: data.append === true,
    remove: data.remove === true,
    title: typeof data.title === "string" ? data.title : undefined,
    ignored: LIVE_ONLY_KEYS.filter(
      (key) => data[key] !== undefined && data[key] !== false,
    ),
    runsScript:
      nodes !== undefined &&
      DomUtils.existsOne(
        (element) => element.name === "script" && isExecutable(element),
        nodes,
      ),
  };
}

export interface PageDocument {
  /** `<html lang>` and `<html data-room>`, as the client reads them ("" when absent). */
  readonly lang: string;
  readonly room: string;
  /** The prerender regions, in document order. */
  regions(): PageRegion[];
  /**
   * Writes one change into the page as the client would apply it: the target's content (remove,
   * append or replace), then the title. Returns the problem when the target is not found.
   */
  apply(change: PageChange): string | undefined;
  markPrerendered(region: PageRegion): void;
  toString(): string;
}

function setTitle(document: Document, title: string): void {
  const text = new Text(escapeText(title));
  const existing = selectOne("title", document);
  if (existing) return replaceChildren(existing, [text]);
  const head = selectOne("head", document);
  if (head) DomUtils.appendChild(head, new Element("title", {}, [text]));
}

/** `#tasks`, `#task-7`: the usual target, found without compiling a selector. */
const ID_SELECTOR = /^#([A-Za-z_][\w-]*)$/;

function findTarget(document: Document, selector: string): Element | string {
  const missing = `target "${selector}" not found in the page`;
  const id = ID_SELECTOR.exec(selector)?.[1];
  if (id !== undefined)
    return DomUtils.getElementById(id, document.children) ?? missing;
  try {
    return selectOne(selector, document) ?? missing;
  } catch {
    return `"${selector}" is not a valid CSS selector`;
  }
}

export function parsePage(html: string): PageDocument {
  const document = parseDocument(html, KEEP_ENTITIES);
  const root = selectOne("html", document);
  return {
    lang: (root && readAttribute(root, "lang")) ?? "",
    room: (root && readAttribute(root, "data-room")?.trim()) ?? "",
    regions() {
      return selectAll(REGIONS, document).flatMap((element) => {
        const fn = readAttribute(element, INIT_ATTR)?.trim() ?? "";
        if (fn === "") return [];
        const data = collectPageData(element);
        return [{ element, fn, data, form: collectPageForm(element) }];
      });
    },
    apply(change) {
      if (change.target !== undefined) {
        const target = findTarget(document, change.target);
        if (typeof target === "string") return `${target}; frame ignored`;
        if (change.remove) DomUtils.removeElement(target);
        else if (change.nodes && change.append)
          for (const node of change.nodes) DomUtils.appendChild(target, node);
        else if (change.nodes) replaceChildren(target, change.nodes);
      }
      if (change.title !== undefined) setTitle(document, change.title);
      return undefined;
    },
    markPrerendered(region) {
      region.element.attribs[PRERENDERED_ATTR] = "";
    },
    toString() {
      return render(document, KEEP_ENTITIES);
    },
  };
}
