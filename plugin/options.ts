import type { DataOptions } from "../src/internal.ts";
import type { CheckNames } from "./name-check.ts";

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
  /**
   * Every handler name in the pages and templates (`data-liveview-function`, `-init`,
   * `-intersect-appear`, `-intersect-disappear`, `-reconnect`, `-recover`, keyboard maps) must be
   * registered: `"error"` fails `vite build` on an unknown one, `"warn"` only warns, `false` does
   * not check. `vite dev` only ever warns. @default "error"
   */
  checkNames?: CheckNames;
  /**
   * Inject the browser client into every page. `false` leaves pages as written (rooms and
   * prerendered regions are still served), for a page that starts the client itself
   * (`startLiveView()` from vite-plugin-liveview/client) or loads the original Django LiveView
   * bundle. @default true
   */
  client?: boolean;
}

export interface ResolvedPluginOptions {
  components: string;
  templates: string;
  locales: string;
  /** Glob of the server entry, relative to the root. */
  serverEntry: string;
  checkNames: CheckNames;
  client: boolean;
  /** The data options as vite.config gives them (before the environment overrides them). */
  data: DataOptions;
}

const PLUGIN_ONLY = new Set([
  "components",
  "templates",
  "locales",
  "server",
  "checkNames",
  "client",
]);

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
  const checkNames = options.checkNames ?? "error";
  if (checkNames !== "error" && checkNames !== "warn" && checkNames !== false) {
    throw new TypeError(
      `liveview({ checkNames }) must be "error", "warn" or false, got ${JSON.stringify(checkNames)}`,
    );
  }
  const client = options.client ?? true;
  if (typeof client !== "boolean") {
    throw new TypeError(
      `liveview({ client }) must be true or false, got ${JSON.stringify(client)}`,
    );
  }
  return {
    components: (
      options.components ?? "liveview_components/**/*.{ts,js}"
    ).replace(/^\.?\//, ""),
    templates: options.templates ?? "templates",
    locales: options.locales ?? "locales",
    serverEntry: server ?? "liveview.server.{ts,js,mts,mjs}",
    checkNames,
    client,
    data: data as DataOptions,
  };
}
