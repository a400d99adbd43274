import { randomBytes } from "node:crypto";
import { cpSync, existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { EnvironmentOptions, UserConfig } from "vite";
import {
  MANIFEST_FILE,
  SERVER_ENTRY,
  type BuildManifest,
} from "../src/index.ts";
import { findPages, hasOwnInput } from "./pages.ts";
import { ownFile } from "./source.ts";

/** Sub-folders of the build output: the browser's files, and the handlers' server bundle. */
export const CLIENT_DIR = "client";
export const SERVER_DIR = "server";

/**
 * One `vite build` builds both environments: the pages into <outDir>/client and the handlers into
 * <outDir>/server. Keeping the server bundle out of the served folder means no static server
 * (vite preview included) can hand handler code to a browser.
 */
export function buildConfig(
  userConfig: UserConfig,
  building: boolean,
): UserConfig {
  const outDir = userConfig.build?.outDir ?? "dist";
  // Every page is built unless the project listed its own.
  const pages =
    !building || hasOwnInput(userConfig)
      ? {}
      : { rolldownOptions: { input: findPages(userConfig) } };
  return {
    builder: {},
    build: { outDir: join(outDir, CLIENT_DIR), ...pages },
    environments: { ssr: { build: { outDir: join(outDir, SERVER_DIR) } } },
  };
}

/**
 * The server bundle's entry is set per environment and replaces what it inherits: a project's
 * top-level `build.rolldownOptions.input` (the pages, found by the plugin or listed by the
 * project) names HTML files, which belong to the client build only.
 */
export function setServerEntry(environment: EnvironmentOptions): void {
  environment.build ??= {};
  // Maps beside the bundle (never served: dist/server is not public), so `liveview serve`
  // reports errors on the lines of the project's own files.
  environment.build.sourcemap ??= true;
  const options = (environment.build.rolldownOptions ??= {});
  options.input = { [SERVER_ENTRY]: ownFile("bundle-entry.ts") };
  // .mjs whatever the project's "type": Node must load the bundle as ESM.
  options.output = {
    entryFileNames: "[name].mjs",
    chunkFileNames: "chunks/[name]-[hash].mjs",
  };
}

/**
 * Beside the server bundle: the templates and catalogs, so `liveview serve` finds them, and the
 * manifest with the build id and the data options of vite.config.
 */
export function writeServerOutput(
  root: string,
  serverOutDir: string,
  manifest: BuildManifest,
): void {
  for (const folder of [manifest.templates, manifest.locales]) {
    const from = resolve(root, folder);
    if (existsSync(from))
      cpSync(from, join(serverOutDir, folder), { recursive: true });
  }
  writeFileSync(
    join(serverOutDir, MANIFEST_FILE),
    JSON.stringify(manifest, null, 2),
  );
}

/** One id per `vite build`, shared by the pages and the server bundle. */
function createBuildId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

// `vite build` on the command line loads vite.config once per environment, so the pages and
// the server bundle are built by different plugin instances: they meet here, per root, until
// both environments have written their output and the next build gets a fresh id.
const BUILDS = Symbol.for("vite-plugin-liveview.builds");
const CONSUMERS = ["client", "ssr"];
type PendingBuild = { id: string; written: Set<string> };
const pendingBuilds = ((globalThis as Record<symbol, unknown>)[BUILDS] ??=
  new Map()) as Map<string, PendingBuild>;

/** The id of the build of `root` in progress in this process. */
export function sharedBuildId(root: string): string {
  let build = pendingBuilds.get(root);
  if (!build) {
    build = { id: createBuildId(), written: new Set() };
    pendingBuilds.set(root, build);
  }
  return build.id;
}

/** An environment wrote its output; once the pages and the server did, the build is over. */
export function releaseBuildId(root: string, environment: string): void {
  const build = pendingBuilds.get(root);
  if (!build || !CONSUMERS.includes(environment)) return;
  build.written.add(environment);
  if (CONSUMERS.every((name) => build.written.has(name)))
    pendingBuilds.delete(root);
}
