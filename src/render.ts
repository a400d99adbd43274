import { currentLanguage, currentServices, getRuntime } from "./runtime.ts";

export interface LanguageOptions {
  /** Overrides the language of the message being handled (e.g. a language switch). */
  lang?: string;
}

/** Translates key in the language of the message being handled; a missing key returns the key. */
export function t(
  key: string,
  vars?: Record<string, unknown>,
  options: LanguageOptions = {},
): string {
  return currentServices().translator.translate(
    options.lang || currentLanguage(),
    key,
    vars,
  );
}

/**
 * Renders an eta template from the templates folder (`.eta` may be omitted) with escaping on.
 * Templates can call `it.t(key)` and read `it.lang`; the context's own keys win. Not an async
 * function: it hands back the renderer's promise as is, one promise and its ticks fewer on the
 * path of every handler that renders; a failure is still a rejection, never a throw.
 */
export function renderToString(
  template: string,
  context: object = {},
  options?: LanguageOptions,
): Promise<string> {
  try {
    // One look at the message scope for both the services and the language.
    const scope = getRuntime().messages.getStore();
    const services = scope ? scope.services : currentServices();
    const lang = options?.lang || scope?.lang || services.defaultLanguage;
    const translate = (key: string, vars?: Record<string, unknown>) =>
      t(key, vars, { lang });
    return services.renderer.render(template, {
      t: translate,
      lang,
      ...context,
    });
  } catch (error) {
    return Promise.reject(error);
  }
}
