/**
 * A page's HTML as the server changes it before sending it: parsed with htmlparser2 (the fastest
 * of the parsers measured, see BENCHMARKS.md), its prerender regions found, handler frames applied
 * as the client applies them, and written out again. Entities are left as written, both ways, so
 * what no frame touches goes out as it came in; values read from it are decoded here. Handler
 * HTML goes in as written when it can (page-fragment.ts).
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
import {
  createRawNode,
  KEEP_ENTITIES,
  parseFragment,
  scanFragment,
  type Fragment,
} from "./page-fragment.ts";
import type { FormValue, SendData } from "./protocol.ts";

type Query = Parameters<typeof cssSelect.selectAll<AnyNode, Element>>[0];
const selectAll = (query: Query, nodes: AnyNode | AnyNode[]): Element[] =>
  cssSelect.selectAll<AnyNode, Element>(query, nodes);
const selectOne = (query: Query, nodes: AnyNode | AnyNode[]): Element | null =>
  cssSelect.selectOne<AnyNode, Element>(query, nodes);

const REGIONS = cssSelect.compile<AnyNode, Element>(
  `[${INIT_ATTR}][${PRERENDER_ATTR}]:not([${PRERENDERED_ATTR}])`,
);

/** An init element to render on the server, with the content the client would send for it. */
export interface PageRegion {
  element: Element;
  fn: string;
  data: Record<string, string>;
  form: Record<string, FormValue>;
}

/** A frame read and checked, ready to be written into the page. */
export interface PageChange {
  target: string | undefined;
  fragment: Fragment | undefined;
  append: boolean;
  remove: boolean;
  title: string | undefined;
  /** Keys that only mean something in a live page (`url`, `scroll`, `scrollTop`, `script`). */
  ignored: string[];
  /** Its html holds a `<script>` the browser would run without the `el` the client gives it. */
  runsScript: boolean;
}

const LIVE_ONLY_KEYS = ["url", "scroll", "scrollTop", "script"] as const;

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
  const fragment =
    typeof data.html === "string" ? scanFragment(data.html) : undefined;
  return {
    target:
      typeof data.target === "string" && data.target !== ""
        ? data.target
        : undefined,
    fragment,
    append: data.append === true,
    remove: data.remove === true,
    title: typeof data.title === "string" ? data.title : undefined,
    ignored: LIVE_ONLY_KEYS.filter(
      (key) => data[key] !== undefined && data[key] !== false,
    ),
    runsScript: fragment?.runsScript ?? false,
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

interface RawFragment {
  node: Text;
  fragment: Fragment;
}

/**
 * Fragments that went in as written hold no nodes to find: before a lookup, those it might find
 * something in (any, for a selector other than an id) are parsed in place.
 */
function expand(raw: RawFragment[], id: string | undefined): RawFragment[] {
  return raw.filter(({ node, fragment }) => {
    if (node.parent === null) return false;
    if (id !== undefined && !fragment.ids.has(id)) return true;
    for (const parsed of parseFragment(fragment.html))
      DomUtils.prepend(node, parsed);
    DomUtils.removeElement(node);
    return false;
  });
}

export function parsePage(html: string): PageDocument {
  const document = parseDocument(html, KEEP_ENTITIES);
  const root = selectOne("html", document);
  let raw: RawFragment[] = [];

  function findTarget(selector: string): Element | string {
    const missing = `target "${selector}" not found in the page`;
    const id = ID_SELECTOR.exec(selector)?.[1];
    if (raw.length > 0) raw = expand(raw, id);
    if (id !== undefined)
      return DomUtils.getElementById(id, document.children) ?? missing;
    try {
      return selectOne(selector, document) ?? missing;
    } catch {
      return `"${selector}" is not a valid CSS selector`;
    }
  }

  function nodesOf(fragment: Fragment): ChildNode[] {
    if (!fragment.selfContained) return parseFragment(fragment.html);
    const node = createRawNode(fragment);
    raw.push({ node, fragment });
    return [node];
  }

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
      const { fragment } = change;
      if (change.target !== undefined) {
        const target = findTarget(change.target);
        if (typeof target === "string") return `${target}; frame ignored`;
        if (change.remove) DomUtils.removeElement(target);
        else if (fragment && change.append)
          for (const node of nodesOf(fragment))
            DomUtils.appendChild(target, node);
        else if (fragment) replaceChildren(target, nodesOf(fragment));
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
