declare module "virtual:liveview-registry" {
  export const modules: Record<string, unknown>;
  export const files: string[];
}

declare module "virtual:liveview-server-entry" {
  import type { ServerEntry } from "vite-plugin-liveview/server";
  /** The server entry files found (more than one is a mistake the plugin reports). */
  export const files: string[];
  export const file: string | undefined;
  const entry: ServerEntry | undefined;
  export default entry;
}
