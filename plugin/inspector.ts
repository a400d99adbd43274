// The dev inspector at /__liveview/: a LiveView page built with this library, served by a
// LiveView server of its own (its own handlers and endpoint, out of reach of the app's
// broadcasts), fed by a recorder on the app's server and updated by broadcasts as frames pass.
import type { Connect } from "vite";
import {
  createMemoryBroadcaster,
  send,
  type Consumer,
  type LiveViewServer,
  type Logger,
} from "../src/index.ts";
import {
  BROADCAST_TOPIC,
  createRecorder,
  createRegistry,
  createServerCore,
  INSPECTOR_PATH,
  processRegistry,
  type ServerObserver,
} from "../src/internal.ts";
import {
  inspectorPage,
  renderConnections,
  renderFrames,
  renderHandlers,
} from "./inspector-page.ts";

/** The inspector page's own endpoint. */
export const INSPECTOR_SOCKET_PATH = `${INSPECTOR_PATH}ws/`;
/** Updates are sent at most this often, however fast frames pass. */
const UPDATE_MS = 100;

type Section = "handlers" | "connections" | "frames";

export interface InspectorOptions {
  logger: Logger;
  /** Vite's `server.allowedHosts` rule; undefined when every host is allowed. */
  isHostAllowed: ((host: string | undefined) => boolean) | undefined;
  allowedOrigins: string[] | undefined;
  /** Where the browser loads the inspector's client module from. */
  clientUrl: string;
}

export interface Inspector {
  /** Goes on the app's server: what it records is what the page shows. */
  observer: ServerObserver;
  liveview: LiveViewServer;
  /** Answers GET /__liveview/; anything else goes on. */
  middleware: Connect.NextHandleFunction;
  /** Handler files changed: the handler list is sent again. */
  handlersChanged(): void;
  close(): Promise<void>;
}

export function createInspector(options: InspectorOptions): Inspector {
  const appRegistry = processRegistry();
  const registry = createRegistry();
  const broadcaster = createMemoryBroadcaster();
  const dirty = new Set<Section>();
  let timer: NodeJS.Timeout | undefined;
  const recorder = createRecorder(() => changed("frames", "connections"));
  const liveview = createServerCore({
    path: INSPECTOR_SOCKET_PATH,
    registry,
    broadcaster,
    roomSecret: false,
    allowedOrigins: options.allowedOrigins,
    isHostAllowed: options.isHostAllowed,
    logger: options.logger,
    dev: true,
    isolated: true,
  });

  const render: Record<Section, () => string> = {
    handlers: () =>
      renderHandlers(
        appRegistry
          .listFunctions()
          .map((name) => ({ name, file: appRegistry.fileOf(name) })),
      ),
    connections: () => renderConnections(recorder.connections()),
    frames: () => renderFrames(recorder.frames()),
  };
  const frameOf = (section: Section) => ({
    target: `#lv-${section}`,
    html: render[section](),
  });

  function flush(): void {
    timer = undefined;
    for (const section of dirty)
      void broadcaster.publish(
        BROADCAST_TOPIC,
        JSON.stringify(frameOf(section)),
      );
    dirty.clear();
  }

  /** Nothing is rendered while no inspector page is open. */
  function changed(...sections: Section[]): void {
    if (liveview.clientCount === 0) return;
    for (const section of sections) dirty.add(section);
    timer ??= setTimeout(flush, UPDATE_MS);
  }

  registry.register("inspector_open")((consumer: Consumer) => {
    for (const section of ["handlers", "connections", "frames"] as const)
      void send(consumer, frameOf(section));
  });
  registry.register("inspector_clear")(() => recorder.clear());

  return {
    observer: recorder.observer,
    liveview,
    middleware(request, response, next) {
      const path = (request.url ?? "/").split("?")[0];
      if (path === INSPECTOR_PATH.slice(0, -1)) {
        response.statusCode = 301;
        response.setHeader("Location", INSPECTOR_PATH);
        return response.end();
      }
      if (path !== INSPECTOR_PATH) return next();
      // What pages send and who their users are: only for a Host the dev server accepts.
      if (options.isHostAllowed?.(request.headers.host) === false) {
        response.statusCode = 403;
        return response.end("Forbidden");
      }
      response.setHeader("Content-Type", "text/html; charset=utf-8");
      response.setHeader("Cache-Control", "no-store");
      response.end(
        inspectorPage(options.clientUrl, {
          handlers: render.handlers(),
          connections: render.connections(),
          frames: render.frames(),
        }),
      );
    },
    handlersChanged: () => changed("handlers"),
    async close() {
      clearTimeout(timer);
      await liveview.close();
      await broadcaster.close();
    },
  };
}
