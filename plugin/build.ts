import { cpSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { UserConfig } from "vite";
import { SERVER_ENTRY } from "../src/index.ts";
import { ownFile } from "./source.ts";

/** Sub-folders of the build output: the browser's files, and the handlers' server bundle. */
export const CLIENT_DIR = "client";
export const SERVER_DIR = "server";

/**
 * One `vite build` builds both environments: the pages into <outDir>/client and the handlers into
 * <outDir>/server. Keeping the server bundle out of the served folder means no static server
 * (vite preview included) can hand handler code to a browser.
 */
export function buildConfig(userConfig: UserConfig): UserConfig {
  const outDir = userConfig.build?.outDir ?? "dist";
  return {
    builder: {},
    build: { outDir: join(outDir, CLIENT_DIR) },
    environments: {
      ssr: {
        build: {
          outDir: join(outDir, SERVER_DIR),
          rollupOptions: {
            input: { [SERVER_ENTRY]: ownFile("server-entry.ts") },
            // .mjs whatever the project's "type": Node must load the bundle as ESM.
            output: { entryFileNames: "[name].mjs", chunkFileNames: "chunks/[name]-[hash].mjs" },
          },
        },
      },
    },
  };
}

/** Templates and catalogs travel with the server bundle, so `liveview serve` finds them. */
export function copyServerAssets(root: string, serverOutDir: string, folders: string[]): void {
  for (const folder of folders) {
    const from = resolve(root, folder);
    if (existsSync(from)) cpSync(from, join(serverOutDir, folder), { recursive: true });
  }
}
