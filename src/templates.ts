import { Eta } from "eta";

export interface TemplateRenderer {
  render(template: string, context: object): Promise<string>;
}

/**
 * eta with escaping on. In dev the cache is off so an edited template shows on the next render;
 * in production compiled templates are kept.
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
  return {
    render(template, context) {
      return eta.renderAsync(template, context);
    },
  };
}
