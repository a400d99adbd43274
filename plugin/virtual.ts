/** Ids of the plugin's virtual modules, and their code. */
export const REGISTRY_ID = "virtual:liveview-registry";
export const CLIENT_ID = "virtual:liveview-client";
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
    `if (import.meta.hot) import.meta.hot.accept();`,
  ].join("\n");
}

export function clientModuleCode(path: string | undefined): string {
  const options =
    path === undefined ? "" : JSON.stringify({ webSocketConfig: { path } });
  return [
    `import { startLiveView } from ${JSON.stringify(CLIENT_PACKAGE)};`,
    `startLiveView(${options});`,
  ].join("\n");
}

/**
 * Brackets a handler file's body so the registry knows which file registered what. Imports are
 * hoisted, so beginModule runs after the file's own imports and right before its body. All is
 * added on the first and last lines: line numbers in stack traces stay right.
 */
export function wrapHandlerModule(code: string, file: string): string {
  const name = JSON.stringify(file);
  return (
    `import { liveviewRegistry as __liveviewRegistry } from ${JSON.stringify(SERVER_PACKAGE)};` +
    `__liveviewRegistry.beginModule(${name});` +
    code +
    `\n;__liveviewRegistry.endModule(${name});\n`
  );
}
