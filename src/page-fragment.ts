/**
 * A handler's `html` on its way into a page. Most fragments close every element they open and
 * nothing else: those go into the page as written, read once by htmlparser2's tokenizer and
 * never built into nodes (the fragments are most of a rendered page's bytes). The others, and
 * any a later frame must look into, are parsed into nodes, as the browser would repair them.
 */
import { Text, type ChildNode } from "domhandler";
import { decodeHTMLAttribute } from "entities";
import { Parser, parseDocument, type Handler } from "htmlparser2";

export const KEEP_ENTITIES = { decodeEntities: false } as const;

/** The types a browser executes (as client/scripts.ts decides). */
const EXECUTABLE_TYPE =
  /^((text|application)\/(x-)?(java|ecma)script|text\/(javascript1\.[0-5]|jscript|livescript)|module)$/i;

export interface Fragment {
  readonly html: string;
  /** It holds a `<script>` the browser would run (without the `el` the client gives it). */
  readonly runsScript: boolean;
  /** It closes what it opens and nothing else, and ends outside any tag or comment. */
  readonly selfContained: boolean;
  /** The ids of its elements: a later frame's `#id` target may be one of them. */
  readonly ids: ReadonlySet<string>;
}

/**
 * Counts the end tags the tokenizer reads, matched or not: the parser drops a stray one, or
 * makes an element of a stray `</p>` or `</br>`, which in the page could close an element
 * around the fragment instead.
 */
class EndTagCounter extends Parser {
  endTags = 0;
  inEndTag = false;
  override onclosetag(start: number, endIndex: number): void {
    this.endTags += 1;
    this.inEndTag = true;
    super.onclosetag(start, endIndex);
    this.inEndTag = false;
  }
}

/** What the parser's events tell about a fragment; `ending` is set before the parser's end(). */
class FragmentEvents implements Partial<Handler> {
  open = 0;
  matched = 0;
  runsScript = false;
  ending = false;
  /** Something other than text came at the end (a comment left open), or a stray end tag. */
  spilled = false;
  readonly ids = new Set<string>();
  parser: EndTagCounter | undefined;

  onopentag(name: string, attribs: Record<string, string>): void {
    this.open += 1;
    this.spilled ||= this.ending || this.parser?.inEndTag === true;
    // As written, as the page's own ids are compared.
    if (attribs.id !== undefined) this.ids.add(attribs.id);
    if (name !== "script") return;
    const type = decodeHTMLAttribute(attribs.type ?? "").trim();
    this.runsScript ||= type === "" || EXECUTABLE_TYPE.test(type);
  }
  onclosetag(_name: string, isImplied: boolean): void {
    this.open -= 1;
    if (!isImplied) this.matched += 1;
  }
  oncomment(): void {
    this.spilled ||= this.ending;
  }
  onprocessinginstruction(): void {
    this.spilled ||= this.ending;
  }
}

export function scanFragment(html: string): Fragment {
  const events = new FragmentEvents();
  const parser = (events.parser = new EndTagCounter(events, KEEP_ENTITIES));
  parser.write(html);
  const unclosed = events.open > 0;
  events.ending = true;
  parser.end();
  // A tag cut off at the end is dropped by the tokenizer without a word: no event reached the end.
  const complete = parser.startIndex === html.length;
  const strays = parser.endTags !== events.matched;
  return {
    html,
    runsScript: events.runsScript,
    selfContained: complete && !unclosed && !strays && !events.spilled,
    ids: events.ids,
  };
}

export function parseFragment(html: string): ChildNode[] {
  return [...parseDocument(html, KEEP_ENTITIES).children];
}

/**
 * A node that holds a self-contained fragment as written: a text node, which the page's writer
 * (entities kept) sends out unchanged.
 */
export function createRawNode(fragment: Fragment): Text {
  return new Text(fragment.html);
}
