import { getRuntime } from "./runtime.ts";
import type { Registry } from "./registry.ts";
import type { Handler } from "./types.ts";

/** Django LiveView's @liveview_handler(name): registers fn under name and returns it. */
export function liveviewHandler<H extends Handler>(name: string, fn: H): H {
  getRuntime().registry.register(name)(fn);
  return fn;
}

/** Django LiveView's liveview_registry, shared by the whole process. */
export const liveviewRegistry: Registry = getRuntime().registry;
