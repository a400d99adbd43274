import {
  errorFrame,
  type ClientMessage,
  type ServerFrame,
} from "./protocol.ts";
import type { ModuleRegistry } from "./registry.ts";
import { getRuntime, type ServerServices } from "./runtime.ts";
import type { Consumer, Content, Middleware } from "./types.ts";

export interface DispatchDeps {
  registry: ModuleRegistry;
  services: ServerServices;
  dev: boolean;
  onHandlerError: ((error: unknown, functionName: string) => void) | undefined;
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
 * Runs middleware then the handler for one message and returns the frame that closes it: an
 * ack, or a coded error. Handler and middleware failures become error frames here (frames that
 * cannot be read are refused before, in connection.ts); the connection stays open whatever a
 * handler does. Synchronous middleware and handlers are run
 * without a promise, so the common case costs no extra microtasks; async ones are awaited.
 */
export function dispatch(
  consumer: Consumer,
  message: ClientMessage,
  deps: DispatchDeps,
): Outcome | Promise<Outcome> {
  const name = message.function;
  const handler = deps.registry.getHandler(name);
  if (!handler) {
    deps.services.logger.warn(
      `Unknown handler "${name}" called from room ${consumer.room}`,
    );
    return errorFrame(
      "LV_ERR_UNKNOWN_HANDLER",
      `No handler named "${name}"`,
      message.id,
    );
  }
  const content = toContent(message, deps.services.defaultLanguage);
  const ack: Outcome =
    message.id === undefined ? undefined : { ack: message.id };
  const middleware: readonly Middleware[] = deps.registry.getMiddleware();

  const fail = (error: unknown): Outcome => {
    deps.services.logger.error(`Handler "${name}" failed`, error);
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
    const result = handler(consumer, content);
    return isThenable(result)
      ? Promise.resolve(result).then(() => ack, fail)
      : ack;
  };

  return getRuntime().messages.run(
    { lang: content.lang, services: deps.services },
    () => {
      try {
        return runFrom(0);
      } catch (error) {
        return fail(error);
      }
    },
  );
}
