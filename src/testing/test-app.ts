import { statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { dispatch, type DispatchDeps } from "../dispatch.ts";
import { createTranslator } from "../i18n.ts";
import { createConsoleLogger, type Logger } from "../logger.ts";
import {
  errorFrame,
  parseClientMessage,
  ProtocolError,
  type ErrorFrame,
  type FormValue,
  type SendData,
} from "../protocol.ts";
import type { ModuleRegistry, Registry } from "../registry.ts";
import { getRuntime, type ServerServices } from "../runtime.ts";
import { createTemplateRenderer } from "../templates.ts";
import {
  createTestConsumer,
  type TestConsumer,
  type TestConsumerOptions,
} from "./test-consumer.ts";
import { createClientLog } from "../client-log.ts";
import { createDeadlines } from "../deadlines.ts";
import { describeIssues } from "../validation.ts";
import { checkDeclaredFiles, type UploadedFile } from "../upload-limits.ts";

export interface TestAppOptions extends TestConsumerOptions {
  /** Where the handlers are. @default the process-wide registry that liveviewHandler() fills */
  registry?: Registry;
  /** Folder of eta templates. @default "templates" of the working directory */
  templates?: string;
  /** Folder of `<lang>.json` catalogs. @default "locales" of the working directory */
  locales?: string;
  /** @default "en" */
  defaultLanguage?: string;
  /**
   * Answer as `vite dev` does: a failed handler's error text is in its error frame and an
   * unknown name gets "did you mean". `false` answers as production does. @default true
   */
  dev?: boolean;
  /** @default the console, errors only (a failing handler's stack is printed) */
  logger?: Logger;
}

/** The parts of a message a test gives; the rest is filled in as the browser client would. */
export interface TestMessage {
  form?: Record<string, FormValue>;
  data?: Record<string, string>;
  lang?: string;
  /** @default a new number per call */
  id?: string | number;
  /**
   * Files for a handler that declares `uploads`, already on disk: checked against its limits,
   * then given to it as `content.uploads` (and left where they are).
   */
  uploads?: Record<string, TestFile[]>;
}

/** A file of a test call: `name`, `type` and `size` default to the file's own. */
export interface TestFile {
  path: string;
  name?: string;
  type?: string;
  size?: number;
}

/** How one message ended. */
export interface TestResult {
  /** What the handler (and middleware) sent to the page before the call settled, in order. */
  frames: SendData[];
  /** The id of the ack when the call succeeded (also when middleware cancelled it). */
  ack: string | number | undefined;
  /** The error frame instead, e.g. `LV_ERR_INVALID_INPUT` with its `issues`. */
  error: ErrorFrame | undefined;
}

export interface TestApp {
  /** The page every message comes from; `consumer.sent` keeps what is sent later, too. */
  readonly consumer: TestConsumer;
  /** Runs `fn` as the page would call it: middleware, validation, handler. */
  call(fn: string, message?: TestMessage): Promise<TestResult>;
  /**
   * Runs a whole message (`{ function, form, data, lang, id }`), read like one off the wire, so
   * refusals of bad ones can be tested too. An object without an `id` gets the next number, so
   * its ack can be reported.
   */
  send(message: unknown): Promise<TestResult>;
}

function isModuleRegistry(registry: Registry): registry is ModuleRegistry {
  return typeof (registry as ModuleRegistry).getMiddleware === "function";
}

/**
 * The app's handlers in-process, with no socket: each message goes through the real middleware
 * chain, the handler's schemas and the handler, as on a server, and the test gets the frames and
 * the ack or error back, like Django's test client for views.
 */
export function createTestApp(options: TestAppOptions = {}): TestApp {
  const registry = options.registry ?? getRuntime().registry;
  if (!isModuleRegistry(registry)) {
    throw new TypeError(
      "createTestApp({ registry }) takes liveviewRegistry (or leave it out)",
    );
  }
  const logger = options.logger ?? createConsoleLogger("error");
  const defaultLanguage = options.defaultLanguage ?? "en";
  const services: ServerServices = {
    logger,
    registry,
    broadcaster: getRuntime().memoryBroadcaster,
    renderer: createTemplateRenderer({
      dir: resolve(options.templates ?? "templates"),
      cache: false,
    }),
    translator: createTranslator({
      dir: resolve(options.locales ?? "locales"),
      defaultLanguage,
      watch: true,
      logger,
    }),
    defaultLanguage,
  };
  const deps: DispatchDeps = {
    registry,
    services,
    clientLog: createClientLog(logger),
    deadlines: createDeadlines(30_000),
    timeoutMs: 30_000,
    dev: options.dev ?? true,
    onHandlerError: undefined,
  };
  const consumer = createTestConsumer(options);
  let lastId = 0;
  // As on a socket, a message starts once the previous one settled: each call's frames are its own.
  let previous: Promise<unknown> = Promise.resolve();

  /** The files of a call, as a socket would have received them, or the refusal. */
  function receive(fn: string, given: Record<string, TestFile[]>) {
    const files: Record<string, UploadedFile[]> = {};
    for (const [field, list] of Object.entries(given))
      files[field] = list.map((file) => ({
        name: file.name ?? basename(file.path),
        type: file.type ?? "",
        size: file.size ?? statSync(file.path).size,
        path: file.path,
      }));
    const specs = deps.registry.getSchemas(fn)?.uploads ?? {};
    const issues = checkDeclaredFiles(specs, files);
    return issues.length > 0 ? issues : { files, settled() {} };
  }

  async function handle(
    raw: unknown,
    uploads?: Record<string, TestFile[]>,
  ): Promise<TestResult> {
    const start = consumer.sent.length;
    let frame;
    try {
      const message = parseClientMessage(raw, consumer.room);
      const received = uploads && receive(message.function, uploads);
      frame = Array.isArray(received)
        ? errorFrame(
            "LV_ERR_INVALID_INPUT",
            describeIssues(received),
            message.id,
            received,
          )
        : await dispatch(consumer, message, deps, received);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      frame = errorFrame(error.code, error.message, error.id);
    }
    return {
      frames: consumer.sent.slice(start) as SendData[],
      ack: frame && "ack" in frame ? frame.ack : undefined,
      error: frame && "code" in frame ? (frame as ErrorFrame) : undefined,
    };
  }

  function send(
    raw: unknown,
    uploads?: Record<string, TestFile[]>,
  ): Promise<TestResult> {
    const message =
      typeof raw === "object" && raw !== null && !("id" in raw)
        ? { ...raw, id: ++lastId }
        : raw;
    const result = previous.then(() => handle(message, uploads));
    previous = result.catch(() => {});
    return result;
  }

  return {
    consumer,
    send,
    call: (fn, { uploads, ...message } = {}) =>
      send(
        {
          function: fn,
          form: {},
          data: {},
          lang: defaultLanguage,
          room: consumer.room,
          ...message,
        },
        uploads,
      ),
  };
}
