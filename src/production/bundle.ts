import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { createLiveViewServer } from "../server.ts";

/** Where `vite build` puts the handlers' server bundle, and what it records beside it. */
export const SERVER_ENTRY = "liveview-entry";
export const MANIFEST_FILE = "liveview.json";

/** What the build records for the server bundle (functions such as authenticate cannot travel). */
export interface BuildManifest {
  path?: string;
  templates: string;
  locales: string;
  defaultLanguage?: string;
}

/** The server bundle's exports: every handler file, registered on import, and the core. */
export interface ServerBundle {
  files: string[];
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
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail("not an object");
  }
  const record = value as Record<string, unknown>;
  for (const key of ["templates", "locales"]) {
    if (typeof record[key] !== "string") throw fail(`"${key}" is not a string`);
  }
  for (const key of ["path", "defaultLanguage"]) {
    if (record[key] !== undefined && typeof record[key] !== "string") {
      throw fail(`"${key}" is not a string`);
    }
  }
  return record as unknown as BuildManifest;
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
  const bundle = (await import(
    /* @vite-ignore */ pathToFileURL(entry).href
  )) as ServerBundle;
  return {
    bundle,
    manifest,
    templates: join(serverDir, manifest.templates),
    locales: join(serverDir, manifest.locales),
  };
}
