/**
 * Running server-sent JavaScript under a Content-Security-Policy with a nonce. The original used
 * `new Function`, which needs `unsafe-eval`; we create real `<script>` elements carrying the page's
 * nonce instead, so a strict policy (`script-src 'nonce-...'`) keeps working.
 *
 * Scripts inside server HTML are "parked" (given an inert type) before the markup is inserted or
 * morphed, so the browser never runs them by itself; `runParkedScripts` then replaces each with a
 * live copy, in document order, where it stands (so `document.currentScript.parentElement` is its
 * container). A script that throws is reported by the browser and does not stop the next one.
 *
 * As in Django LiveView's client, a classic script's code sees `el`, the frame's target, also as
 * `this`: its code is wrapped in a function called with the target, which it finds through its
 * own script element (`document.currentScript`). Its declarations stay inside that function.
 */
import {
  NONCE_META_SELECTOR,
  NONCE_SCRIPT_SELECTOR,
  PENDING_SCRIPT_TYPE,
  PENDING_SCRIPT_TYPE_ATTR,
  SCRIPT_TARGET_PROPERTY,
} from "./attributes.ts";

/** The types a browser executes (HTML spec's JavaScript MIME types, plus modules). */
const EXECUTABLE_TYPE =
  /^((text|application)\/(x-)?(java|ecma)script|text\/(javascript1\.[0-5]|jscript|livescript)|module)$/i;

const PARKED_SELECTOR = `script[type="${PENDING_SCRIPT_TYPE}"]`;

function isExecutable(script: Element): boolean {
  const type = script.getAttribute("type")?.trim() ?? "";
  return type === "" || EXECUTABLE_TYPE.test(type);
}

/**
 * The page's CSP nonce: browsers hide the `nonce` attribute after load but keep the `.nonce`
 * property, so the property is read first. Vite's `html.cspNonce` publishes it in a `<meta>`.
 */
export function findNonce(document: Document): string | undefined {
  // Scripts first, then metas (a script has no `content`).
  for (const element of [
    ...document.querySelectorAll(NONCE_SCRIPT_SELECTOR),
    ...document.querySelectorAll(NONCE_META_SELECTOR),
  ] as HTMLMetaElement[]) {
    const nonce =
      element.content || element.nonce || element.getAttribute("nonce");
    if (nonce) return nonce;
  }
  return undefined;
}

function applyNonce(
  script: HTMLScriptElement,
  nonce: string | undefined,
): void {
  if (nonce === undefined) return;
  script.setAttribute("nonce", nonce);
  script.nonce = nonce;
}

/** Makes every executable script under `root` inert, remembering its type. */
export function parkScripts(root: ParentNode): void {
  for (const script of root.querySelectorAll("script")) {
    if (!isExecutable(script)) continue;
    script.setAttribute(
      PENDING_SCRIPT_TYPE_ATTR,
      script.getAttribute("type") ?? "",
    );
    script.setAttribute("type", PENDING_SCRIPT_TYPE);
  }
}

/** The wrapper keeps the code's first line on line 1, so error positions stay right. */
function bindTarget(code: string): string {
  const target = `document.currentScript.${SCRIPT_TARGET_PROPERTY}`;
  return `(function(el){${code}\n}).call(${target},${target})`;
}

function revive(
  parked: Element,
  target: Element,
  nonce: string | undefined,
): void {
  const live = target.ownerDocument.createElement("script");
  for (const { name, value } of parked.attributes) {
    if (name !== "type" && name !== PENDING_SCRIPT_TYPE_ATTR)
      live.setAttribute(name, value);
  }
  const type = parked.getAttribute(PENDING_SCRIPT_TYPE_ATTR);
  if (type) live.setAttribute("type", type);
  applyNonce(live, nonce);
  const code = parked.textContent ?? "";
  // Modules (imports must stay top-level) and external scripts run as written.
  const classic = type?.toLowerCase() !== "module" && !live.hasAttribute("src");
  live.textContent = classic ? bindTarget(code) : code;
  (live as unknown as Record<string, Element>)[SCRIPT_TARGET_PROPERTY] = target;
  parked.replaceWith(live);
}

/**
 * Runs the parked scripts in `nodes` (each node and its descendants), in document order, each
 * with `target` as `el` and `this`.
 */
export function runParkedScripts(nodes: Iterable<Node>, target: Element): void {
  const document = target.ownerDocument;
  const parked: Element[] = [];
  for (const node of nodes) {
    if (!(node.nodeType === 1)) continue;
    const element = node as Element;
    if (element.matches(PARKED_SELECTOR)) parked.push(element);
    parked.push(...Array.from(element.querySelectorAll(PARKED_SELECTOR)));
  }
  if (parked.length === 0) return;
  const nonce = findNonce(document);
  for (const script of parked) revive(script, target, nonce);
}

/** Runs a frame's `script` text once, with the nonce, then removes the element. */
export function runScript(code: string, document: Document): void {
  const script = document.createElement("script");
  applyNonce(script, findNonce(document));
  script.textContent = code;
  const parent = document.head ?? document.documentElement;
  parent.appendChild(script);
  script.remove();
}
