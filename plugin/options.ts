import type { LiveViewServerOptions } from "../src/index.ts";
import { roomSecretFromEnv } from "../src/internal.ts";

export interface LiveViewPluginOptions extends Pick<
  LiveViewServerOptions,
  | "path"
  | "allowedOrigins"
  | "maxMessageBytes"
  | "maxBufferedBytes"
  | "heartbeatMs"
  | "rateLimit"
  | "authenticate"
  | "roomSecret"
  | "defaultLanguage"
  | "logger"
> {
  /** Handler files, relative to the Vite root; files starting with "_" are skipped. @default "liveview_components/**\/*.{ts,js}" */
  components?: string;
  /** Folder of eta templates, relative to the Vite root. @default "templates" */
  templates?: string;
  /** Folder of `<lang>.json` catalogs, relative to the Vite root. @default "locales" */
  locales?: string;
  /** Redis URL for cross-process broadcasts. @default env LIVEVIEW_REDIS_URL, else in-memory */
  redis?: string;
}

export interface ResolvedPluginOptions {
  components: string;
  templates: string;
  locales: string;
  redis: string | undefined;
  server: LiveViewServerOptions;
}

/** Every default of the plugin, in one place. */
export function resolvePluginOptions(
  options: LiveViewPluginOptions = {},
): ResolvedPluginOptions {
  const { components, templates, locales, redis, ...server } = options;
  return {
    components: (components ?? "liveview_components/**/*.{ts,js}").replace(
      /^\.?\//,
      "",
    ),
    templates: templates ?? "templates",
    locales: locales ?? "locales",
    redis: redis ?? (process.env.LIVEVIEW_REDIS_URL || undefined),
    // Resolved here once: the page transform, preview and the endpoint must agree on it.
    server: {
      ...server,
      roomSecret: server.roomSecret ?? roomSecretFromEnv(),
    },
  };
}
