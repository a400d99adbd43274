// What the Vite plugin uses from the core besides the public API. Not an entry point of the
// package: handler files and apps import `vite-plugin-liveview/server`.
import type { ModuleRegistry } from "./registry.ts";
import { getRuntime } from "./runtime.ts";

export { createServerCore } from "./server.ts";
export type { CoreOptions } from "./options.ts";
export type { ModuleRegistry } from "./registry.ts";
export { resolveRoomSecret, roomSecretFromEnv } from "./room-token.ts";
export {
  applyEnvironment,
  pickDataOptions,
  type DataOptions,
} from "./data-options.ts";
export { createEntryHost, type EntryHost } from "./entry-host.ts";
export { assertServerEntry } from "./server-entry.ts";
export { listFiles } from "./production/static-files.ts";
export { isCompressible, contentTypeOf } from "./production/content-types.ts";
export { didYouMean } from "./suggest.ts";
export { createPageTransform } from "./production/page-transform.ts";
export { formatJsonLine, logFormatFromEnv } from "./logger.ts";
export { serveMetrics } from "./production/metrics-route.ts";
export type { ServerObserver } from "./observer.ts";
export {
  createRecorder,
  INSPECTOR_PATH,
  MAX_FRAMES,
  type ConnectionRecord,
  type FrameRecord,
  type Recorder,
} from "./recorder.ts";
export { createRegistry } from "./registry.ts";
export { BROADCAST_TOPIC } from "./broadcast.ts";

/** The registry `liveviewHandler()` fills, with what the plugin needs beyond the public one. */
export function processRegistry(): ModuleRegistry {
  return getRuntime().registry;
}
export { refuseDevOnly } from "./production/dev-only.ts";
