/**
 * The handler names a built server bundle registers, for `vite build`'s name check. Names are
 * whatever the handler files register when they run (a loop may register several), so the bundle
 * is imported, as `liveview serve` will import it, but in a child process of its own: the
 * handler files' side effects at import (a timer, a pool) cannot keep the build alive or leak
 * into it, and the build's own process-wide registry stays untouched.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Loader hooks for the child: a package the bundle imports that cannot be found from where the
 * bundle was written (an out dir outside the project) is looked up from the project's root, as
 * it would be from the project's own `dist/`.
 */
const RESOLVE_FROM_ROOT = `
let root;
export function initialize(data) { root = data.root; }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || /^(\\.|\\/|[a-z]+:)/.test(specifier)) throw error;
    return next(specifier, { ...context, parentURL: root });
  }
}
`;

/** Runs in the child: argv holds the bundle's URL and the root's; the names go back over IPC. */
const LIST_NAMES = `
import { register } from "node:module";
const [bundleUrl, rootUrl] = process.argv.slice(1);
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(RESOLVE_FROM_ROOT)}), {
  data: { root: rootUrl },
});
const bundle = await import(bundleUrl);
process.send(bundle.liveviewRegistry.listFunctions(), () => process.exit(0));
`;

/** Generous: importing a bundle takes well under a second unless its code waits on something. */
const TIMEOUT_MS = 30_000;

export function listBundleNames(
  entry: string,
  root: string,
  timeoutMs = TIMEOUT_MS,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        LIST_NAMES,
        pathToFileURL(entry).href,
        pathToFileURL(join(root, "package.json")).href,
      ],
      {
        // Handler files may log at import; only the IPC channel carries the answer.
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        env: { NODE_ENV: "production", ...process.env },
      },
    );
    let stderr = "";
    let names: unknown;
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("message", (message) => {
      names = message;
    });
    const timer = setTimeout(() => {
      stderr += `\nStill importing after ${timeoutMs / 1000} s; stopped.`;
      child.kill();
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", () => {
      clearTimeout(timer);
      if (Array.isArray(names)) resolve(names.map(String));
      else
        reject(
          new Error(
            `Could not import the server bundle to list its handlers:\n${stderr.trim()}`,
          ),
        );
    });
  });
}
