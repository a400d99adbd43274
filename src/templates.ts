import { Eta, EtaParseError } from "eta";

export interface TemplateRenderer {
  render(template: string, context: object): Promise<string>;
}

type TemplateFunction = (
  data: object,
  options: object,
) => string | Promise<string>;

interface Compiled {
  fn: TemplateFunction;
  options: { async: boolean; filepath: string };
}

/** Template names come from server code; this many distinct ones is far past any app. */
const MAX_COMPILED = 1000;

/**
 * eta with escaping on. In dev the cache is off so an edited template shows on the next render.
 * In production each template is resolved, read and compiled once, and one without `await`
 * runs as a plain function: eta's own path resolves the file name on every render and makes
 * every render asynchronous, which was most of what a README-style handler cost beyond the
 * socket. A template that includes one with `await` falls back to eta's asynchronous render.
 */
export function createTemplateRenderer(options: {
  dir: string;
  cache: boolean;
}): TemplateRenderer {
  const eta = new Eta({
    views: options.dir,
    cache: options.cache,
    autoEscape: true,
    defaultExtension: ".eta",
  });
  const compiled = new Map<string, Compiled>();

  function compile(template: string): Compiled {
    const filepath = eta.resolvePath(template);
    const source = eta.readFile(filepath);
    const async = /\bawait\b/.test(source);
    const fn = eta.compile(source, { async, filepath }) as TemplateFunction;
    return { fn, options: { async, filepath } };
  }

  function renderCached(template: string, context: object): Promise<string> {
    let entry = compiled.get(template);
    if (!entry) {
      entry = compile(template);
      if (compiled.size >= MAX_COMPILED) compiled.clear();
      compiled.set(template, entry);
    }
    if (entry.options.async)
      return Promise.resolve(entry.fn.call(eta, context, entry.options));
    try {
      return Promise.resolve(entry.fn.call(eta, context, entry.options));
    } catch (error) {
      // An include or layout that awaits cannot run inside a synchronous render.
      if (!(error instanceof EtaParseError)) throw error;
      entry.options = { ...entry.options, async: true };
      entry.fn = eta.compile(eta.readFile(entry.options.filepath), {
        async: true,
        filepath: entry.options.filepath,
      }) as TemplateFunction;
      return Promise.resolve(entry.fn.call(eta, context, entry.options));
    }
  }

  return {
    render(template, context) {
      if (!options.cache) return eta.renderAsync(template, context);
      try {
        return renderCached(template, context);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
