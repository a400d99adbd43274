import { fileURLToPath } from "node:url";
import { dirname } from "node:path";

// The folder holding this package's server code (src/ from source, dist/src/ when installed).
const ownDir = dirname(fileURLToPath(import.meta.url));
const FRAME = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?\s*$/;

/**
 * The file that called into the registry, from the stack: used to name both files when a handler
 * name is registered twice outside the plugin (which names files itself).
 */
export function locateCaller(): string | undefined {
  const stack = new Error().stack?.split("\n").slice(1) ?? [];
  for (const line of stack) {
    const match = FRAME.exec(line);
    if (!match?.[1]) continue;
    const file = match[1].startsWith("file://")
      ? fileURLToPath(match[1])
      : match[1];
    if (file.startsWith(ownDir) || file.includes("/node_modules/")) continue;
    return file;
  }
  return undefined;
}
