import type { ClientMessage, ErrorCode, ServerFrame } from "./protocol.ts";
import type { Registry } from "./registry.ts";
import { getRuntime, type ServerServices } from "./runtime.ts";
import type { Consumer, Content } from "./types.ts";

export interface DispatchDeps {
  registry: Registry;
  services: ServerServices;
  dev: boolean;
  onHandlerError: ((error: unknown, functionName: string) => void) | undefined;
}

function errorFrame(code: ErrorCode, error: string, id: string | number | undefined): ServerFrame {
  return id === undefined ? { error, code } : { error, code, id };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toContent(message: ClientMessage, defaultLanguage: string): Content {
  const content: Content = {
    function: message.function,
    form: message.form,
    data: message.data,
    lang: message.lang || defaultLanguage,
    room: message.room,
  };
  if (message.id !== undefined) content.id = message.id;
  return content;
}

/**
 * Runs middleware then the handler for one message and returns the frame that closes it: an
 * ack, or a coded error. This is the single place where a failure becomes an error frame; the
 * connection stays open whatever a handler does.
 */
export async function dispatch(
  consumer: Consumer,
  message: ClientMessage,
  deps: DispatchDeps,
): Promise<ServerFrame | undefined> {
  const name = message.function;
  const ack = message.id === undefined ? undefined : { ack: message.id };
  const handler = deps.registry.getHandler(name);
  if (!handler) {
    deps.services.logger.warn(`Unknown handler "${name}" called from room ${consumer.room}`);
    return errorFrame("LV_ERR_UNKNOWN_HANDLER", `No handler named "${name}"`, message.id);
  }
  const content = toContent(message, deps.services.defaultLanguage);
  const scope = { lang: content.lang, services: deps.services };
  try {
    return await getRuntime().messages.run(scope, async () => {
      for (const middleware of deps.registry.getMiddleware()) {
        if ((await middleware(consumer, content, name)) === false) return ack;
      }
      await handler(consumer, content);
      return ack;
    });
  } catch (error) {
    deps.services.logger.error(`Handler "${name}" failed`, error);
    deps.onHandlerError?.(error, name);
    const text = deps.dev ? `Handler "${name}" failed: ${describe(error)}` : "The handler failed";
    return errorFrame("LV_ERR_HANDLER_FAILED", text, message.id);
  }
}
