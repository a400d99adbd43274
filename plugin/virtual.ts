import type MagicString from "magic-string";

/** Ids of the plugin's virtual modules, and their code. */
export const REGISTRY_ID = "virtual:liveview-registry";
export const CLIENT_ID = "virtual:liveview-client";
export const SERVER_ENTRY_ID = "virtual:liveview-server-entry";
/** The dev inspector page's client: the same client, on the inspector's own endpoint. */
export const INSPECTOR_CLIENT_ID = "virtual:liveview-inspector-client";
/** How the dev plugin hears from the modules Vite's runner evaluates (same process). */
export const DEV_HOOKS = "vite-plugin-liveview.dev-hooks";

/**
 * After every hot update of a server module, successful or not: a failed one leaves no other
 * trace, and the overlay should show it when the file is saved, not at the next click.
 */
const AFTER_UPDATE = `import.meta.hot.on("vite:afterUpdate", () => globalThis[Symbol.for(${JSON.stringify(DEV_HOOKS)})]?.updated());`;
export const SERVER_PACKAGE = "vite-plugin-liveview/server";
export const CLIENT_PACKAGE = "vite-plugin-liveview/client";

/**
 * Imports every handler file (eagerly, so the SSR build inlines them) and then drops the
 * handlers of files that are gone. Self-accepting: a handler edit re-runs this module and the
 * changed file in Vite's module runner, and never reaches the browser.
 */
export function registryModuleCode(components: string): string {
  const pattern = `/${components}`;
  return [
    `import { liveviewRegistry } from ${JSON.stringify(SERVER_PACKAGE)};`,
    `export const modules = import.meta.glob([${JSON.stringify(pattern)}, "!**/_*"], { eager: true });`,
    `export const files = Object.keys(modules).map((file) => file.slice(1));`,
    `liveviewRegistry.retainModules(files);`,
    `if (import.meta.hot) {`,
    `  import.meta.hot.accept();`,
    `  ${AFTER_UPDATE}`,
    `}`,
  ].join("\n");
}

/**
 * The app's server entry, found by a glob so that creating or deleting the file is noticed like
 * a handler file is. In dev the module is self-accepting and tells the plugin each time it runs;
 * its dispose (awaited by the runner before the edited file runs again) stops the previous
 * entry, so a teardown always comes before the next start.
 */
export function serverEntryModuleCode(glob: string, dev: boolean): string {
  const lines = [
    `const found = import.meta.glob(${JSON.stringify(`/${glob}`)}, { eager: true });`,
    `export const files = Object.keys(found).map((file) => file.slice(1));`,
    `export const file = files[0];`,
    `const entry = files.length === 1 ? found["/" + file].default : undefined;`,
    `export default entry;`,
  ];
  if (!dev) return lines.join("\n");
  return [
    ...lines,
    `const hooks = globalThis[Symbol.for(${JSON.stringify(DEV_HOOKS)})];`,
    `if (import.meta.hot) {`,
    `  import.meta.hot.accept();`,
    `  import.meta.hot.dispose(() => hooks?.dispose());`,
    `  ${AFTER_UPDATE}`,
    `}`,
    `await hooks?.load(entry, files);`,
  ].join("\n");
}

/** The injected client; in a build it carries the build id, so a stale page can tell. */
export function clientModuleCode(
  path: string | undefined,
  buildId: string | undefined,
): string {
  const settings = {
    ...(path === undefined ? {} : { webSocketConfig: { path } }),
    ...(buildId === undefined ? {} : { buildId }),
  };
  const options = Object.keys(settings).length ? JSON.stringify(settings) : "";
  return [
    `import { startLiveView } from ${JSON.stringify(CLIENT_PACKAGE)};`,
    `startLiveView(${options});`,
  ].join("\n");
}

export function inspectorClientCode(socketPath: string): string {
  return [
    `import { startLiveView } from ${JSON.stringify(CLIENT_PACKAGE)};`,
    `startLiveView(${JSON.stringify({ webSocketConfig: { path: socketPath } })});`,
  ].join("\n");
}

/**
 * Brackets a handler file's body so the registry knows which file registered what. Imports are
 * hoisted, so beginModule runs after the file's own imports and right before its body. The
 * caller turns the edit into a source map, so stack traces point at the file's own lines.
 */
export function wrapHandlerModule(
  code: MagicString,
  file: string,
): MagicString {
  const name = JSON.stringify(file);
  return code
    .prepend(
      `import { liveviewRegistry as __liveviewRegistry } from ${JSON.stringify(SERVER_PACKAGE)};` +
        `__liveviewRegistry.beginModule(${name});`,
    )
    .append(`\n;__liveviewRegistry.endModule(${name});\n`);
}
