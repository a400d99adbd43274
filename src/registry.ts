import { OwnedList, OwnedNames } from "./owned.ts";
import { assertSchemas, type HandlerSchemas } from "./validation.ts";
import type {
  ConnectHook,
  DisconnectHook,
  EventHandler,
  Handler,
  Middleware,
} from "./types.ts";

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
  /** The file that registered a handler, when known (the dev inspector lists it). */
  fileOf(name: string): string | undefined;
  /** `liveviewEvent(name, fn)`: runs for each member of a topic `publish(topic, name)` reaches. */
  addEvent(name: string, fn: EventHandler): void;
  getEvent(name: string): EventHandler | undefined;
  addConnect(fn: ConnectHook): void;
  addDisconnect(fn: DisconnectHook): void;
  getConnectHooks(): readonly ConnectHook[];
  getDisconnectHooks(): readonly DisconnectHook[];
  /** Handler files call these around their body (the plugin inserts the calls). */
  beginModule(file: string): void;
  endModule(file: string): void;
  /** Drops what handler files that no longer exist registered. */
  retainModules(files: readonly string[]): void;
}

/** What one handler file registered while its body ran. */
interface PendingModule {
  file: string;
  handlers: Map<string, Handler>;
  schemas: Map<string, HandlerSchemas>;
  events: Map<string, EventHandler>;
  middleware: Middleware[];
  connect: ConnectHook[];
  disconnect: DisconnectHook[];
}

function validateName(kind: string, name: unknown): asserts name is string {
  if (typeof name !== "string" || name.trim() === "") {
    throw new TypeError(
      `A ${kind} name must be a non-empty string, got ${JSON.stringify(name)}`,
    );
  }
}

function validateFunction(what: string, fn: unknown): void {
  if (typeof fn !== "function") {
    throw new TypeError(`${what} must be a function, got ${typeof fn}`);
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
  const handlers = new OwnedNames<Handler>("Handler");
  // Kept beside the handlers, owned the same way; validation happens in dispatch.
  const schemas = new OwnedNames<HandlerSchemas>("Handler");
  const events = new OwnedNames<EventHandler>("Event handler");
  const middleware = new OwnedList<Middleware>();
  const connect = new OwnedList<ConnectHook>();
  const disconnect = new OwnedList<DisconnectHook>();
  const loading: PendingModule[] = [];
  const current = () => loading[loading.length - 1];

  /** A named entry goes to the file being loaded, else straight in with the caller as owner. */
  function addNamed<T>(
    names: OwnedNames<T>,
    pick: (pending: PendingModule) => Map<string, T>,
    kind: string,
    name: string,
    value: T,
  ): void {
    const pending = current();
    if (pending) {
      if (pick(pending).has(name))
        throw new Error(
          `${kind} "${name}" is registered twice in ${pending.file}`,
        );
      names.assertFree(name, pending.file);
      pick(pending).set(name, value);
      return;
    }
    const owner = locateCaller();
    names.assertFree(name, owner);
    names.set(name, value, owner);
  }

  function addListed<T>(
    list: OwnedList<T>,
    pick: (pending: PendingModule) => T[],
    value: T,
  ): void {
    const pending = current();
    if (pending) pick(pending).push(value);
    else list.add(value, undefined);
  }

  function commit(pending: PendingModule): void {
    handlers.commit(pending.file, pending.handlers);
    schemas.commit(pending.file, pending.schemas);
    events.commit(pending.file, pending.events);
    middleware.commit(pending.file, pending.middleware);
    connect.commit(pending.file, pending.connect);
    disconnect.commit(pending.file, pending.disconnect);
  }

  return {
    register(name, handlerSchemas) {
      validateName("handler", name);
      if (handlerSchemas !== undefined) assertSchemas(name, handlerSchemas);
      return (fn) => {
        validateFunction(`Handler "${name}"`, fn);
        addNamed(handlers, (p) => p.handlers, "Handler", name, fn);
        const pending = current();
        if (pending) {
          if (handlerSchemas) pending.schemas.set(name, handlerSchemas);
        } else if (handlerSchemas) schemas.set(name, handlerSchemas, undefined);
        else schemas.delete(name);
        return fn;
      };
    },
    addMiddleware(fn) {
      validateFunction("Middleware", fn);
      addListed(middleware, (p) => p.middleware, fn);
    },
    addEvent(name, fn) {
      validateName("event", name);
      validateFunction(`Event handler "${name}"`, fn);
      addNamed(events, (p) => p.events, "Event handler", name, fn);
    },
    addConnect(fn) {
      validateFunction("onConnect", fn);
      addListed(connect, (p) => p.connect, fn);
    },
    addDisconnect(fn) {
      validateFunction("onDisconnect", fn);
      addListed(disconnect, (p) => p.disconnect, fn);
    },
    listFunctions: () => handlers.names(),
    getHandler: (name) => handlers.get(name),
    getAllHandlers: () => Object.fromEntries(handlers.entries()),
    unregister(name) {
      schemas.delete(name);
      return handlers.delete(name);
    },
    clear() {
      handlers.clear();
      schemas.clear();
      events.clear();
      middleware.clear();
      connect.clear();
      disconnect.clear();
    },
    getMiddleware: () => middleware.values(),
    getSchemas: (name) => schemas.get(name),
    fileOf: (name) => handlers.ownerOf(name),
    getEvent: (name) => events.get(name),
    getConnectHooks: () => connect.values(),
    getDisconnectHooks: () => disconnect.values(),
    beginModule(file) {
      // A previous run of this file that threw never reached endModule: forget it.
      const stale = loading.findIndex((pending) => pending.file === file);
      if (stale !== -1) loading.splice(stale, 1);
      loading.push({
        file,
        handlers: new Map(),
        schemas: new Map(),
        events: new Map(),
        middleware: [],
        connect: [],
        disconnect: [],
      });
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
      for (const owned of [
        handlers,
        schemas,
        events,
        middleware,
        connect,
        disconnect,
      ])
        owned.retain(keep);
    },
  };
}
