import {
  errorFrame,
  type ClientMessage,
  type ServerFrame,
} from "./protocol.ts";
import type { ModuleRegistry } from "./registry.ts";
import {
  cutClientText,
  quoteClientText,
  type ClientLog,
} from "./client-log.ts";
import type { Deadlines } from "./deadlines.ts";
import {
  getRuntime,
  type MessageScope,
  type ServerServices,
} from "./runtime.ts";
import type { ServerObserver } from "./observer.ts";
import { didYouMean } from "./suggest.ts";
import type { Consumer, Content, Middleware } from "./types.ts";
import { attachUploads } from "./upload-limits.ts";
import type { ReceivedUploads } from "./upload-receiver.ts";
import {
  describeIssues,
  validateInput,
  type HandlerSchemas,
  type Validation,
} from "./validation.ts";

export interface DispatchDeps {
  registry: ModuleRegistry;
  services: ServerServices;
  /** Client-caused log lines, limited per kind. */
  clientLog: ClientLog;
  /** Fails asynchronous calls that do not settle in time (handlerTimeoutMs). */
  deadlines: Deadlines;
  timeoutMs: number;
  dev: boolean;
  onHandlerError: ((error: unknown, functionName: string) => void) | undefined;
  /** Told how each call ended (metrics, the dev inspector); see observer.ts. */
  observer?: ServerObserver;
}

type Outcome = ServerFrame | undefined;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof (value as PromiseLike<unknown> | undefined)?.then === "function"
  );
}

function toContent(message: ClientMessage, defaultLanguage: string): Content {
  const content: Content = {
    function: message.function,
    form: message.form,
    data: message.data,
    lang: message.lang || defaultLanguage,
    room: message.room,
    url: message.url,
  };
  if (message.id !== undefined) content.id = message.id;
  return content;
}

/**
 * Runs middleware, then the handler's schemas, then the handler for one message and returns the
 * frame that closes it: an ack, or a coded error. Middleware sees the message as sent (it may
 * refuse it before anything is parsed); invalid input never reaches the handler. Handler and
 * middleware failures become error frames here (frames that cannot be read are refused before,
 * in connection.ts); the connection stays open whatever a handler does. Synchronous middleware,
 * schemas and handlers are run without a promise, so the common case costs no extra
 * microtasks; async ones are awaited.
 */
export function dispatch(
  consumer: Consumer,
  message: ClientMessage,
  deps: DispatchDeps,
  uploads?: ReceivedUploads,
): Outcome | Promise<Outcome> {
  const name = message.function;
  const handler = deps.registry.getHandler(name);
  if (!handler) {
    uploads?.settled();
    deps.clientLog.warn(
      "unknown-handler",
      `Unknown handler ${quoteClientText(name)} called from room ${quoteClientText(consumer.room)}`,
      {
        function: cutClientText(name),
        room: cutClientText(consumer.room),
        code: "LV_ERR_UNKNOWN_HANDLER",
      },
    );
    // Only in dev: a production answer must not reveal what else is registered.
    const hint = deps.dev
      ? didYouMean(name, deps.registry.listFunctions())
      : "";
    return errorFrame(
      "LV_ERR_UNKNOWN_HANDLER",
      `No handler named "${name}"${hint}`,
      message.id,
    );
  }
  const schemas: HandlerSchemas | undefined = deps.registry.getSchemas(name);
  const content = toContent(message, deps.services.defaultLanguage);
  if (schemas?.uploads) attachUploads(content, schemas.uploads, uploads);
  const ack: Outcome =
    message.id === undefined ? undefined : { ack: message.id };
  const middleware: readonly Middleware[] = deps.registry.getMiddleware();

  const fail = (error: unknown): Outcome => {
    deps.clientLog.error(`failed:${name}`, `Handler "${name}" failed`, error, {
      function: name,
      room: consumer.room,
      code: "LV_ERR_HANDLER_FAILED",
    });
    deps.onHandlerError?.(error, name);
    const text = deps.dev
      ? `Handler "${name}" failed: ${describe(error)}`
      : "The handler failed";
    return errorFrame("LV_ERR_HANDLER_FAILED", text, message.id);
  };

  const runFrom = (index: number): Outcome | Promise<Outcome> => {
    for (let i = index; i < middleware.length; i++) {
      const verdict = middleware[i]!(consumer, content, name);
      if (isThenable(verdict)) {
        return Promise.resolve(verdict)
          .then((resolved) => (resolved === false ? ack : runFrom(i + 1)))
          .catch(fail);
      }
      if (verdict === false) return ack;
    }
    if (!schemas) return runHandler(content);
    const validation = validateInput(schemas, content.form, content.data);
    return isThenable(validation)
      ? validation.then(afterValidation).catch(fail)
      : afterValidation(validation);
  };

  const afterValidation = (
    validation: Validation,
  ): Outcome | Promise<Outcome> => {
    if (!validation.ok) {
      const { issues } = validation;
      const text = describeIssues(issues);
      return errorFrame("LV_ERR_INVALID_INPUT", text, message.id, issues);
    }
    const { form, data } = validation;
    // The handler was registered with these schemas, so it expects their output here.
    return runHandler({ ...content, form, data } as Content);
  };

  const runHandler = (parsed: Content): Outcome | Promise<Outcome> => {
    const result = handler(consumer, parsed);
    return isThenable(result)
      ? Promise.resolve(result).then(() => ack, fail)
      : ack;
  };

  const scope: MessageScope = {
    lang: content.lang,
    services: deps.services,
    cancelled: false,
  };
  const outcome = getRuntime().messages.run(scope, () => {
    try {
      return runFrom(0);
    } catch (error) {
      return fail(error);
    }
  });
  // The call's files go once the handler settled, also when the page stopped waiting for it.
  if (uploads)
    void Promise.resolve(outcome).then(uploads.settled, uploads.settled);
  return isThenable(outcome)
    ? withDeadline(outcome, scope, name, message.id, deps)
    : outcome;
}

/**
 * An asynchronous call that has not settled within the timeout is answered with an error, so
 * its page's queue moves on; whatever it sends afterwards is dropped (send() reads `cancelled`).
 */
function withDeadline(
  outcome: Promise<Outcome>,
  scope: MessageScope,
  name: string,
  id: string | number | undefined,
  deps: DispatchDeps,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const finish = deps.deadlines.start(() => {
      scope.cancelled = true;
      deps.clientLog.error(
        `timeout:${name}`,
        `Handler "${name}" did not settle within ${deps.timeoutMs} ms; its page moves on`,
        undefined,
        { function: name, code: "LV_ERR_HANDLER_FAILED" },
      );
      resolve(
        errorFrame(
          "LV_ERR_HANDLER_FAILED",
          deps.dev
            ? `Handler "${name}" did not settle within ${deps.timeoutMs} ms`
            : "The handler failed",
          id,
        ),
      );
    });
    void outcome.then((value) => {
      finish();
      resolve(value);
    });
  });
}
