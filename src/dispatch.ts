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
import { DeadlineTask, type Deadlines } from "./deadlines.ts";
import {
  getRuntime,
  type MessageScope,
  type ServerServices,
} from "./runtime.ts";
import type { ServerObserver } from "./observer.ts";
import { didYouMean } from "./suggest.ts";
import type { Consumer, Content, Handler, Middleware } from "./types.ts";
import { attachUploads } from "./upload-limits.ts";
import type { ReceivedUploads } from "./upload-receiver.ts";
import {
  describeIssues,
  validateInput,
  type HandlerSchemas,
  type Validation,
} from "./validation.ts";
import { isThenable } from "./thenable.ts";

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
): Outcome | PromiseLike<Outcome> {
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
  const call = new Call(consumer, message, deps, handler, uploads);
  const outcome = getRuntime().messages.run(call, runCall, call);
  call.direct = false;
  // The call's files go once the handler settled, also when the page stopped waiting for it.
  if (uploads)
    void Promise.resolve(outcome === call ? call.result : outcome).then(
      uploads.settled,
      uploads.settled,
    );
  if (outcome === call) return call.start();
  return isThenable(outcome) ? call.within(outcome) : outcome;
}

/** A call still running, whose frame can be waited for without a promise (the connection's way). */
export interface PendingCall extends PromiseLike<Outcome> {
  whenSettled(callback: (frame: Outcome) => void): void;
}

export function isPendingCall(value: unknown): value is PendingCall {
  return value instanceof Call;
}

function runCall(call: Call): Outcome | PromiseLike<Outcome> {
  try {
    return call.runFrom(0);
  } catch (error) {
    return call.fail(error);
  }
}

/**
 * One call, from middleware to the frame that closes it. It is the message scope that send()
 * and renderToString() find (its `cancelled` drops a timed-out call's late sends), its own
 * deadline entry, and, while an asynchronous handler runs, the promise-like of its frame: one
 * object per call where closures, a scope, a deadline entry and an extra `.then` each cost an
 * allocation or a microtask on every call of a handler that awaits.
 */
class Call extends DeadlineTask implements MessageScope, PendingCall {
  readonly name: string;
  readonly content: Content;
  readonly ack: Outcome;
  readonly lang: string;
  readonly services: ServerServices;
  private readonly schemas: HandlerSchemas | undefined;
  cancelled = false;
  /** True while dispatch() runs the call's synchronous part (see run()). */
  direct = true;
  /** What an asynchronous handler returned, while it runs. */
  result: PromiseLike<unknown> | undefined;
  private settled = false;
  private frame: Outcome;
  private waiting: ((frame: Outcome) => void)[] | undefined;

  constructor(
    private readonly consumer: Consumer,
    private readonly message: ClientMessage,
    private readonly deps: DispatchDeps,
    private readonly handler: Handler,
    uploads: ReceivedUploads | undefined,
  ) {
    super();
    this.name = message.function;
    this.content = toContent(message, deps.services.defaultLanguage);
    this.ack = message.id === undefined ? undefined : { ack: message.id };
    this.lang = this.content.lang;
    this.services = deps.services;
    this.schemas = deps.registry.getSchemas(this.name);
    if (this.schemas?.uploads)
      attachUploads(this.content, this.schemas.uploads, uploads);
  }

  fail(error: unknown): Outcome {
    const { name, deps } = this;
    deps.clientLog.error(`failed:${name}`, `Handler "${name}" failed`, error, {
      function: name,
      room: this.consumer.room,
      code: "LV_ERR_HANDLER_FAILED",
    });
    deps.onHandlerError?.(error, name);
    const text = deps.dev
      ? `Handler "${name}" failed: ${describe(error)}`
      : "The handler failed";
    return errorFrame("LV_ERR_HANDLER_FAILED", text, this.message.id);
  }

  runFrom(index: number): Outcome | PromiseLike<Outcome> {
    const middleware: readonly Middleware[] =
      this.deps.registry.getMiddleware();
    for (let i = index; i < middleware.length; i++) {
      const verdict = middleware[i]!(this.consumer, this.content, this.name);
      if (isThenable(verdict)) {
        return Promise.resolve(verdict)
          .then((resolved) =>
            resolved === false ? this.ack : this.runFrom(i + 1),
          )
          .catch((error: unknown) => this.fail(error));
      }
      if (verdict === false) return this.ack;
    }
    const { schemas } = this;
    if (!schemas) return this.run(this.content);
    const validation = validateInput(
      schemas,
      this.content.form,
      this.content.data,
    );
    return isThenable(validation)
      ? validation
          .then((checked) => this.afterValidation(checked))
          .catch((error: unknown) => this.fail(error))
      : this.afterValidation(validation);
  }

  private afterValidation(
    validation: Validation,
  ): Outcome | PromiseLike<Outcome> {
    if (!validation.ok) {
      const { issues } = validation;
      const text = describeIssues(issues);
      return errorFrame("LV_ERR_INVALID_INPUT", text, this.message.id, issues);
    }
    const { form, data } = validation;
    // The handler was registered with these schemas, so it expects their output here.
    return this.run({ ...this.content, form, data } as Content);
  }

  private run(parsed: Content): Outcome | PromiseLike<Outcome> {
    const result = this.handler(this.consumer, parsed);
    if (!isThenable(result)) return this.ack;
    // Called from dispatch() itself (no middleware or validator awaited first), the call is
    // its own pending frame: no promise beyond the handler's. Later, in a chain, a promise.
    if (!this.direct)
      return Promise.resolve(result).then(
        () => this.ack,
        (error: unknown) => this.fail(error),
      );
    this.result = result;
    return this;
  }

  /** The handler's promise decides the frame, unless the deadline comes first. */
  start(): this {
    this.deps.deadlines.start(this);
    void Promise.resolve(this.result).then(
      () => this.settle(this.ack),
      (error: unknown) => this.settle(this.fail(error)),
    );
    return this;
  }

  /**
   * An asynchronous call that has not settled within the timeout is answered with an error, so
   * its page's queue moves on; whatever it sends afterwards is dropped (send() reads
   * `cancelled`). For calls whose middleware or validator awaited.
   */
  within(outcome: PromiseLike<Outcome>): Promise<Outcome> {
    this.deps.deadlines.start(this);
    void outcome.then((frame) => this.settle(frame));
    return new Promise((resolve) => this.whenSettled(resolve));
  }

  whenSettled(callback: (frame: Outcome) => void): void {
    if (this.settled) callback(this.frame);
    else (this.waiting ??= []).push(callback);
  }

  then<A = Outcome, B = never>(
    onSettled?: ((value: Outcome) => A | PromiseLike<A>) | null,
    onFailed?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    return new Promise<Outcome>((resolve) => this.whenSettled(resolve)).then(
      onSettled,
      onFailed,
    );
  }

  private settle(frame: Outcome): void {
    if (this.settled) return;
    this.settled = true;
    this.frame = frame;
    this.deps.deadlines.finish(this);
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) for (const callback of waiting) callback(frame);
  }

  onLate(): void {
    const { name, deps } = this;
    this.cancelled = true;
    deps.clientLog.error(
      `timeout:${name}`,
      `Handler "${name}" did not settle within ${deps.timeoutMs} ms; its page moves on`,
      undefined,
      { function: name, code: "LV_ERR_HANDLER_FAILED" },
    );
    this.settle(
      errorFrame(
        "LV_ERR_HANDLER_FAILED",
        deps.dev
          ? `Handler "${name}" did not settle within ${deps.timeoutMs} ms`
          : "The handler failed",
        this.message.id,
      ),
    );
  }
}
