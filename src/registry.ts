import type { Handler, Middleware } from "./types.ts";
import { assertSchemas, type HandlerSchemas } from "./validation.ts";

/** Django LiveView's `liveview_registry`: named handlers and the middleware that runs before them. */
export interface Registry {
  /**
   * `register("name")(fn)` registers fn under name and returns it (the decorator form). With
   * `schemas`, the message's form and data are validated first and fn gets their output
   * (`liveviewHandler(name, schemas, fn)` is the typed way to say it).
   */
  register(name: string, schemas?: HandlerSchemas): (fn: Handler) => Handler;
  addMiddleware(fn: Middleware): void;
  listFunctions(): string[];
  /** The function as registered (validation happens before it is called, in dispatch). */
  getHandler(name: string): Handler | undefined;
  getAllHandlers(): Record<string, Handler>;
  /** Removes one handler and returns it, or undefined when there was none. */
  unregister(name: string): Handler | undefined;
  /** Removes every handler and every middleware (for tests and re-initialisation). */
  clear(): void;
}

/** What the server core and the plugin's generated code use besides the public methods. */
export interface ModuleRegistry extends Registry {
  getMiddleware(): readonly Middleware[];
  /** The schemas a handler was registered with, if any. */
  getSchemas(name: string): HandlerSchemas | undefined;
  /** Handler files call these around their body (the plugin inserts the calls). */
  beginModule(file: string): void;
  endModule(file: string): void;
  /** Drops handlers and middleware of handler files that no longer exist. */
  retainModules(files: readonly string[]): void;
}

interface Entry<T> {
  fn: T;
  /** The file that registered it, relative to the project root when known. */
  owner: string | undefined;
}

interface HandlerEntry extends Entry<Handler> {
  schemas: HandlerSchemas | undefined;
}

/** What one handler file registered while its body ran. */
interface PendingModule {
  file: string;
  handlers: Map<string, Omit<HandlerEntry, "owner">>;
  middleware: Middleware[];
}

function validateName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name.trim() === "") {
    throw new TypeError(
      `A handler name must be a non-empty string, got ${JSON.stringify(name)}`,
    );
  }
}

function validateFunction(name: string, fn: unknown): asserts fn is Handler {
  if (typeof fn !== "function") {
    throw new TypeError(
      `Handler "${name}" must be a function, got ${typeof fn}`,
    );
  }
}

/**
 * Ownership is what makes hot swaps safe: a handler file that runs again (HMR) replaces exactly
 * what it registered before, and its removed handlers disappear, while another file claiming the
 * same name is a mistake reported with both file names. A file's registrations are committed only
 * when its body finished, so a file that throws halfway leaves the previous handlers active.
 */
export function createRegistry(
  locateCaller: () => string | undefined = () => undefined,
): ModuleRegistry {
  const handlers = new Map<string, HandlerEntry>();
  let middleware: Entry<Middleware>[] = [];
  // Read on every message: rebuilt only when middleware changes.
  let middlewareFns: readonly Middleware[] = [];
  const setMiddleware = (entries: Entry<Middleware>[]) => {
    middleware = entries;
    middlewareFns = Object.freeze(entries.map((entry) => entry.fn));
  };
  const loading: PendingModule[] = [];

  const current = () => loading[loading.length - 1];

  function assertFree(name: string, owner: string | undefined): void {
    const existing = handlers.get(name);
    if (!existing || existing.owner === undefined || existing.owner === owner)
      return;
    const where = owner ?? "another file";
    throw new Error(
      `Handler "${name}" is already registered in ${existing.owner}; ${where} registers it again. ` +
        "Rename one of them.",
    );
  }

  function commit(pending: PendingModule): void {
    for (const [name, entry] of handlers) {
      if (entry.owner === pending.file && !pending.handlers.has(name))
        handlers.delete(name);
    }
    for (const [name, entry] of pending.handlers)
      handlers.set(name, { ...entry, owner: pending.file });
    const firstOld = middleware.findIndex(
      (entry) => entry.owner === pending.file,
    );
    const kept = middleware.filter((entry) => entry.owner !== pending.file);
    const added = pending.middleware.map((fn) => ({ fn, owner: pending.file }));
    const at = firstOld === -1 ? kept.length : firstOld;
    setMiddleware([...kept.slice(0, at), ...added, ...kept.slice(at)]);
  }

  const registry: ModuleRegistry = {
    register(name, schemas) {
      validateName(name);
      if (schemas !== undefined) assertSchemas(name, schemas);
      return (fn) => {
        validateFunction(name, fn);
        const pending = current();
        if (pending) {
          if (pending.handlers.has(name)) {
            throw new Error(
              `Handler "${name}" is registered twice in ${pending.file}`,
            );
          }
          assertFree(name, pending.file);
          pending.handlers.set(name, { fn, schemas });
          return fn;
        }
        const owner = locateCaller();
        assertFree(name, owner);
        handlers.set(name, { fn, owner, schemas });
        return fn;
      };
    },
    addMiddleware(fn) {
      if (typeof fn !== "function")
        throw new TypeError("Middleware must be a function");
      const pending = current();
      if (pending) pending.middleware.push(fn);
      else setMiddleware([...middleware, { fn, owner: undefined }]);
    },
    listFunctions: () => [...handlers.keys()],
    getHandler: (name) => handlers.get(name)?.fn,
    getAllHandlers: () =>
      Object.fromEntries(
        [...handlers].map(([name, entry]) => [name, entry.fn]),
      ),
    unregister(name) {
      const entry = handlers.get(name);
      handlers.delete(name);
      return entry?.fn;
    },
    clear() {
      handlers.clear();
      setMiddleware([]);
    },
    getMiddleware: () => middlewareFns,
    getSchemas: (name) => handlers.get(name)?.schemas,
    beginModule(file) {
      // A previous run of this file that threw never reached endModule: forget it.
      const stale = loading.findIndex((pending) => pending.file === file);
      if (stale !== -1) loading.splice(stale, 1);
      loading.push({ file, handlers: new Map(), middleware: [] });
    },
    endModule(file) {
      const index = loading.findLastIndex((pending) => pending.file === file);
      if (index === -1) return;
      const [pending] = loading.splice(index, 1);
      if (pending) commit(pending);
    },
    retainModules(files) {
      // Called once every handler file has run, so nothing can still be loading.
      loading.length = 0;
      const keep = new Set(files);
      for (const [name, entry] of handlers) {
        if (
          entry.owner !== undefined &&
          isModuleFile(entry.owner) &&
          !keep.has(entry.owner)
        ) {
          handlers.delete(name);
        }
      }
      setMiddleware(
        middleware.filter(
          (entry) =>
            entry.owner === undefined ||
            !isModuleFile(entry.owner) ||
            keep.has(entry.owner),
        ),
      );
    },
  };
  return registry;
}

/** Owners named by the plugin are root-relative; owners found from a stack trace are absolute. */
function isModuleFile(owner: string): boolean {
  return !owner.startsWith("/") && !owner.startsWith("file:");
}
