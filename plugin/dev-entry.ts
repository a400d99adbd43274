import type { ModuleRunner } from "vite/module-runner";
import type { ServerEntry } from "../src/index.ts";
import { assertServerEntry, type EntryHost } from "../src/internal.ts";
import type { Reporter } from "./overlay.ts";
import { SERVER_ENTRY_ID } from "./virtual.ts";

/** What the server entry module calls while Vite's runner evaluates it (see virtual.ts). */
export interface EntryHooks {
  load(entry: unknown, files: string[]): Promise<void>;
  dispose(): Promise<void>;
}

export interface DevEntry {
  /** Loads the entry if it changed; resolves once it is started (or known broken). */
  ensure(): Promise<void>;
  hooks: EntryHooks;
}

/**
 * The server entry in `vite dev`: started when the dev server starts, torn down and started
 * again around each edit, with no socket closed. A file that fails to load, is not a server
 * entry, or whose start() throws shows in the overlay, and the last good entry runs again.
 */
export function startDevEntry(
  runner: ModuleRunner,
  host: EntryHost,
  reporter: Reporter,
): DevEntry {
  let lastGood: ServerEntry | undefined;
  // True between a dispose and the next successful run of the file.
  let stopped = false;

  async function restore(): Promise<void> {
    stopped = false;
    await host.replace(lastGood).catch((error: unknown) => {
      reporter.report(
        error,
        "The last good server entry failed to start again",
      );
    });
  }

  const hooks: EntryHooks = {
    async load(entry, files) {
      try {
        if (files.length > 1) {
          throw new Error(
            `More than one server entry: ${files.join(", ")}. Keep one.`,
          );
        }
        if (entry !== undefined) assertServerEntry(entry, files[0] ?? "");
      } catch (error) {
        reporter.report(error, "The server entry is not valid");
        return restore();
      }
      try {
        stopped = false;
        await host.replace(entry as ServerEntry | undefined);
        lastGood = entry as ServerEntry | undefined;
        reporter.clear();
      } catch (error) {
        reporter.report(error, `${files[0]}: start() failed`);
        await restore();
      }
    },
    async dispose() {
      stopped = true;
      await host.stop();
    },
  };
  return {
    hooks,
    async ensure() {
      try {
        await runner.import(SERVER_ENTRY_ID);
      } catch (error) {
        // The edited file does not load: the previous entry keeps serving until it is fixed.
        reporter.report(error, "The server entry failed to load");
        if (stopped) await restore();
      }
    },
  };
}
