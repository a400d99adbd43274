import { currentLanguage, currentServices } from "./runtime.ts";

/** Translates key in the language of the message being handled; a missing key returns the key. */
export function t(key: string, vars?: Record<string, unknown>): string {
  return currentServices().translator.translate(currentLanguage(), key, vars);
}

/**
 * Renders an eta template from the templates folder (`.eta` may be omitted) with escaping on.
 * Templates can call `it.t(key)` and read `it.lang`; the context's own keys win.
 */
export async function renderToString(template: string, context: object = {}): Promise<string> {
  const lang = currentLanguage();
  const helpers = { t, lang };
  return currentServices().renderer.render(template, { ...helpers, ...context });
}
