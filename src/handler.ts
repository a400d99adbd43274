import { getRuntime } from "./runtime.ts";
import type { Registry } from "./registry.ts";
import type { Handler } from "./types.ts";

/** The seeds' @liveview_handler(name): registers fn under name and returns it. */
export function liveviewHandler<H extends Handler>(name: string, fn: H): H {
  getRuntime().registry.register(name)(fn);
  return fn;
}

/** The seeds' liveview_registry, shared by the whole process. */
export const liveviewRegistry: Registry = getRuntime().registry;
