/**
 * Every handler name the project's pages and templates call must be registered: a typo in
 * `data-liveview-function` otherwise shows only when someone clicks. `vite dev` warns, and checks
 * again as pages, templates and handler files change; `vite build` fails (or warns).
 */
import { readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import fg from "fast-glob";
import type { ViteDevServer } from "vite";
import { liveviewRegistry, SERVER_ENTRY } from "../src/index.ts";
import { didYouMean } from "../src/internal.ts";
import { listBundleNames } from "./bundle-names.ts";
import { findHandlerNames, type NameUse } from "./handler-names.ts";
import { listPages } from "./pages.ts";

/** `"error"` fails `vite build`, `"warn"` only warns; `vite dev` always only warns. */
export type CheckNames = "error" | "warn" | false;

export interface NameCheckOptions {
  root: string;
  /** The app's out dir as vite.config names it (relative to the root or absolute). */
  outDir: string;
  publicDir: string | false;
  /** Absolute folder of the eta templates. */
  templates: string;
}

export interface NameCheck {
  readonly root: string;
  /** Reads every page and template again. */
  scanAll(): void;
  /** Reads one file again after it was added, changed or removed; false when it is no page or template. */
  update(file: string): boolean;
  /** One line per unknown name: `index.html:12: no handler "say_helo" (did you mean "say_hello"?)`. */
  problems(registered: readonly string[]): string[];
}

const TEMPLATE_FILE = /\.(eta|html)$/;

function readUses(file: string): NameUse[] {
  try {
    return findHandlerNames(readFileSync(file, "utf8"));
  } catch {
    // Gone between the listing and the read (or unreadable): nothing to check in it.
    return [];
  }
}

export function createNameCheck(options: NameCheckOptions): NameCheck {
  const { root, templates } = options;
  const inside = (folder: string, file: string) =>
    file.startsWith(resolve(root, folder) + sep);
  /** What each page and template calls, by absolute path. */
  const uses = new Map<string, NameUse[]>();

  function isPage(file: string): boolean {
    return (
      file.endsWith(".html") &&
      inside(".", file) &&
      !file.includes(`${sep}node_modules${sep}`) &&
      !inside(options.outDir, file) &&
      !(options.publicDir && inside(options.publicDir, file))
    );
  }

  const isTemplate = (file: string) =>
    TEMPLATE_FILE.test(file) && file.startsWith(templates + sep);

  return {
    root,
    scanAll() {
      uses.clear();
      const pages = listPages(root, options.outDir, options.publicDir);
      const templateFiles = fg.sync("**/*.{eta,html}", {
        cwd: templates,
        absolute: true,
      });
      for (const file of [...pages, ...templateFiles])
        uses.set(file, readUses(file));
    },
    update(file) {
      if (!isPage(file) && !isTemplate(file)) return false;
      uses.set(file, readUses(file));
      return true;
    },
    problems(registered) {
      const known = new Set(registered);
      const lines: string[] = [];
      for (const file of [...uses.keys()].sort()) {
        for (const { name, line } of uses.get(file) ?? []) {
          if (known.has(name)) continue;
          const where = relative(root, file).split(sep).join("/");
          lines.push(
            `${where}:${line}: no handler "${name}"${didYouMean(name, known)}`,
          );
        }
      }
      return lines;
    },
  };
}

/**
 * `vite dev`'s side: returns the check to run once handlers are (re)loaded; pages and templates
 * are checked again as they change. What is wrong is said once, until it changes.
 */
export function startDevNameCheck(
  server: ViteDevServer,
  check: NameCheck,
): () => void {
  const { logger } = server.config;
  let reported = "";
  const run = (): void => {
    // The handler files run in this process (Vite's runner), so the registry is at hand.
    const lines = check.problems(liveviewRegistry.listFunctions());
    const now = lines.join("\n");
    if (now === reported) return;
    for (const line of lines)
      logger.warn(`[liveview] ${line}`, { timestamp: true });
    if (lines.length === 0) {
      logger.info(
        "[liveview] Every handler name in pages and templates is registered",
        { timestamp: true },
      );
    }
    reported = now;
  };
  check.scanAll();
  server.watcher.on("all", (_event, file) => {
    if (check.update(file)) run();
  });
  return run;
}

/**
 * `vite build`'s side, once the server bundle is written: the bundle says which names it
 * registers. Resolves with the lines to warn about; rejects with the message that fails the build.
 */
export async function checkBuiltNames(
  check: NameCheck,
  serverOutDir: string,
  mode: Exclude<CheckNames, false>,
): Promise<string[]> {
  const entry = join(serverOutDir, `${SERVER_ENTRY}.mjs`);
  const listing = listBundleNames(entry, check.root);
  // Pages and templates are read while the bundle loads.
  check.scanAll();
  let lines: string[];
  try {
    lines = check.problems(await listing);
  } catch (error) {
    if (mode === "error") throw error;
    return [error instanceof Error ? error.message : String(error)];
  }
  if (lines.length > 0 && mode === "error")
    throw new Error(describeProblems(lines));
  return lines;
}

/** The message that fails `vite build`. */
export function describeProblems(lines: readonly string[]): string {
  return [
    `${lines.length === 1 ? "A handler name" : `${lines.length} handler names`} in pages and templates ${lines.length === 1 ? "is" : "are"} not registered:`,
    ...lines.map((line) => `  ${line}`),
    'Fix the name or register the handler (liveview({ checkNames: "warn" }) builds anyway).',
  ].join("\n");
}
