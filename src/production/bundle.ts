import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { findWrongDataOption, type DataOptions } from "../data-options.ts";
import type { ServerEntry } from "../server-entry.ts";
import type { createLiveViewServer } from "../server.ts";

/** Where `vite build` puts the handlers' server bundle, and what it records beside it. */
export const SERVER_ENTRY = "liveview-entry";
export const MANIFEST_FILE = "liveview.json";

/** What the build records for the server bundle: the data options, never functions. */
export interface BuildManifest {
  /** Stamped into the pages too: a page from another build is closed with 4409. */
  buildId?: string;
  templates: string;
  locales: string;
  /** Vite's `build.assetsDir`: its files carry a content hash, so they are cached for a year. */
  assetsDir?: string;
  /** The data options of `liveview()` as vite.config gave them. */
  options?: DataOptions;
}

/** The server bundle's exports: every handler file, registered on import, and the core. */
export interface ServerBundle {
  files: string[];
  /** The default export of `liveview.server.ts`, when the app has one. */
  serverEntry?: ServerEntry;
  /** The file it came from, relative to the project root, for messages. */
  serverEntryFile?: string;
  createLiveViewServer: typeof createLiveViewServer;
}

export interface LoadedBundle {
  bundle: ServerBundle;
  manifest: BuildManifest;
  /** Absolute folders of the copied templates and catalogs. */
  templates: string;
  locales: string;
}

/** Reads what `vite build` wrote, refusing anything else with a message that says what to do. */
export function parseManifest(text: string, file: string): BuildManifest {
  const fail = (why: string) =>
    new Error(
      `${file} is not a LiveView build manifest (${why}); run \`vite build\` again.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fail("not JSON");
  }
  if (!isRecord(value)) throw fail("not an object");
  for (const key of ["templates", "locales"]) {
    if (typeof value[key] !== "string") throw fail(`"${key}" is not a string`);
  }
  for (const key of ["buildId", "assetsDir"]) {
    if (value[key] !== undefined && typeof value[key] !== "string") {
      throw fail(`"${key}" is not a string`);
    }
  }
  if (value.options !== undefined) {
    if (!isRecord(value.options)) throw fail(`"options" is not an object`);
    const wrong = findWrongDataOption(value.options);
    if (wrong) throw fail(`"options.${wrong}" has the wrong type`);
  }
  return value as unknown as BuildManifest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Imports `<serverDir>/liveview-entry.mjs`, which registers the built handlers. */
export async function loadServerBundle(
  serverDir: string,
): Promise<LoadedBundle> {
  const entry = join(serverDir, `${SERVER_ENTRY}.mjs`);
  if (!existsSync(entry)) {
    throw new Error(
      `No LiveView server bundle at ${entry}. Run \`vite build\` first.`,
    );
  }
  const manifestFile = join(serverDir, MANIFEST_FILE);
  const manifest: BuildManifest = existsSync(manifestFile)
    ? parseManifest(readFileSync(manifestFile, "utf8"), manifestFile)
    : { templates: "templates", locales: "locales" };
  // The build writes a map beside the bundle: stack traces then name the project's own files,
  // under `liveview serve`, `vite preview` and startProductionServer alike.
  process.setSourceMapsEnabled(true);
  let bundle: ServerBundle;
  try {
    bundle = (await import(
      /* @vite-ignore */ pathToFileURL(entry).href
    )) as ServerBundle;
  } catch (error) {
    // A handler file or the server entry threw as it loaded: say which line, not just what.
    const message = error instanceof Error ? error.message : String(error);
    const at = throwingLine(error, serverDir);
    throw new Error(
      `The server bundle failed to load${at ? ` at ${at}` : ""}: ${message}`,
      { cause: error },
    );
  }
  return {
    bundle,
    manifest,
    templates: join(serverDir, manifest.templates),
    locales: join(serverDir, manifest.locales),
  };
}

/** The first frame of an error's stack in the app's own code (through the bundle's maps). */
function throwingLine(error: unknown, serverDir: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  for (const line of stack.split("\n")) {
    const frame = /\(?(?:file:\/\/)?([^()\s]+):(\d+):\d+\)?$/.exec(line.trim());
    if (!frame || !line.trim().startsWith("at ")) continue;
    const [, file, row] = frame;
    if (file!.startsWith("node:") || file!.includes("/node_modules/")) continue;
    return `${relative(process.cwd(), resolve(serverDir, file!))}:${row}`;
  }
  return undefined;
}
