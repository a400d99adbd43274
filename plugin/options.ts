import type { DataOptions } from "../src/internal.ts";

export interface LiveViewPluginOptions extends DataOptions {
  /** Handler files, relative to the Vite root; files starting with "_" are skipped. @default "liveview_components/**\/*.{ts,js}" */
  components?: string;
  /** Folder of eta templates, relative to the Vite root. @default "templates" */
  templates?: string;
  /** Folder of `<lang>.json` catalogs, relative to the Vite root. @default "locales" */
  locales?: string;
  /**
   * The server entry (`export default defineServer({ authenticate, http, start })`), relative
   * to the Vite root. @default "liveview.server.ts" (or .js, .mts, .mjs), when it exists
   */
  server?: string;
}

export interface ResolvedPluginOptions {
  components: string;
  templates: string;
  locales: string;
  /** Glob of the server entry, relative to the root. */
  serverEntry: string;
  /** The data options as vite.config gives them (before the environment overrides them). */
  data: DataOptions;
}

const PLUGIN_ONLY = new Set(["components", "templates", "locales", "server"]);

/**
 * Functions cannot travel into the build, so an option that is one would work in dev and be
 * silently lost in production: refused at once, pointing at the server entry instead.
 */
function assertDataOnly(options: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(options)) {
    if (name === "authenticate" || typeof value === "function") {
      throw new TypeError(
        `liveview({ ${name} }): functions do not go in vite.config, where the build cannot ` +
          "carry them to `liveview serve`. Move it to the server entry, liveview.server.ts:\n" +
          `  export default defineServer({ ${name === "authenticate" ? "authenticate" : "start"}(...) { ... } });\n` +
          "(defineServer comes from vite-plugin-liveview/server)",
      );
    }
  }
}

/** Every default of the plugin, in one place. */
export function resolvePluginOptions(
  options: LiveViewPluginOptions = {},
): ResolvedPluginOptions {
  assertDataOnly(options as Record<string, unknown>);
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    if (!PLUGIN_ONLY.has(name)) data[name] = value;
  }
  const server = options.server?.replace(/^\.?\//, "");
  return {
    components: (
      options.components ?? "liveview_components/**/*.{ts,js}"
    ).replace(/^\.?\//, ""),
    templates: options.templates ?? "templates",
    locales: options.locales ?? "locales",
    serverEntry: server ?? "liveview.server.{ts,js,mts,mjs}",
    data: data as DataOptions,
  };
}
