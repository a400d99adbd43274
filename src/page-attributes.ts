/**
 * The page attributes of server-rendered first paint (client/attributes.ts holds the browser's
 * names), apart from the HTML parser so that checking a page for them loads nothing.
 */
export const INIT_ATTR = "data-liveview-init";
/** Marks an init element whose handler runs on the server when the page is requested. */
export const PRERENDER_ATTR = "data-liveview-prerender";
/** Set on a region the server rendered: the client does not call its init again. */
export const PRERENDERED_ATTR = "data-liveview-prerendered";

/**
 * Whether the page may have a region: the attribute's name, not followed by more of a name
 * (`data-liveview-prerendered`, on a page already rendered, is not one). Most pages have none
 * and are not parsed at all.
 */
export function mayHaveRegions(html: string): boolean {
  for (
    let at = html.indexOf(PRERENDER_ATTR);
    at !== -1;
    at = html.indexOf(PRERENDER_ATTR, at + PRERENDER_ATTR.length)
  ) {
    if (!/[\w-]/.test(html[at + PRERENDER_ATTR.length] ?? "")) return true;
  }
  return false;
}
