/**
 * The handler names a page or a template calls, with the line each is written on: every
 * attribute that names one handler, and the values of keyboard maps. Markup is read by
 * htmlparser2, so comments, scripts and attribute quoting count as a browser counts them.
 */
import { Parser } from "htmlparser2";
import {
  FUNCTION_ATTR,
  INIT_ATTR,
  INTERSECT_APPEAR_ATTR,
  INTERSECT_DISAPPEAR_ATTR,
  KEYBOARD_MAP_ATTR,
  RECONNECT_ATTR,
  RECOVER_ATTR,
} from "../client/attributes.ts";

export interface NameUse {
  name: string;
  /** 1-based. */
  line: number;
}

const NAMING_ATTRS = new Set([
  FUNCTION_ATTR,
  INIT_ATTR,
  INTERSECT_APPEAR_ATTR,
  INTERSECT_DISAPPEAR_ATTR,
  RECONNECT_ATTR,
  RECOVER_ATTR,
]);

/** eta's tags (`<%= %>`, `<%~ %>`, `<% %>` and their whitespace-trimming forms). */
const TEMPLATE_CODE = /<%[\s\S]*?%>/g;
/** Stands for each character of template code: a private-use character no name contains. */
const HIDDEN = "\uE000";

/** The names an attribute calls; none for template code, whose value is known only when it runs. */
function namesIn(attribute: string, value: string): string[] {
  let names: unknown[] = [];
  if (NAMING_ATTRS.has(attribute)) names = [value];
  else if (attribute === KEYBOARD_MAP_ATTR) {
    try {
      const map: unknown = JSON.parse(value);
      if (typeof map === "object" && map !== null) names = Object.values(map);
    } catch {
      // The client reports a map that is not JSON when it reads it.
    }
  }
  return names
    .filter((name): name is string => typeof name === "string")
    .map((name) => name.trim())
    .filter((name) => name !== "" && !name.includes(HIDDEN));
}

/** Offsets where each line starts, to turn an offset into a line number. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1))
    starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

export function findHandlerNames(source: string): NameUse[] {
  // Template code is blanked out character by character, so offsets and lines stay those of the
  // file, and markup written inside it (a tag in a string) is not mistaken for the page's.
  const markup = source.replace(TEMPLATE_CODE, (code) =>
    code.replace(/[^\n]/g, HIDDEN),
  );
  const starts = lineStarts(markup);
  const uses: NameUse[] = [];
  const parser: Parser = new Parser({
    onattribute(attribute, value) {
      const names = namesIn(attribute, value);
      if (names.length === 0) return;
      // While an attribute is reported, startIndex is where its name starts.
      const line = lineOf(starts, parser.startIndex);
      for (const name of names) uses.push({ name, line });
    },
  });
  parser.end(markup);
  return uses;
}
