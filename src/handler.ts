import { getRuntime } from "./runtime.ts";
import type { Registry } from "./registry.ts";
import type { Handler, ValidatedHandler } from "./types.ts";
import type { HandlerSchemas } from "./validation.ts";

/** Keys a schemas object may have: a misspelt one (`{ from }`) fails to compile. */
type OnlySchemaKeys<S> = S &
  Record<Exclude<keyof S, keyof HandlerSchemas>, never>;

/** Django LiveView's @liveview_handler(name): registers fn under name and returns it. */
export function liveviewHandler<H extends Handler>(name: string, fn: H): H;
/**
 * Registers fn under name behind Standard Schema validators (zod, valibot, arktype...): fn runs
 * only when the message's `form` and `data` pass them, and gets their output, typed by inference.
 * Invalid input is answered with LV_ERR_INVALID_INPUT and its issues, which the page shows next
 * to each field.
 */
export function liveviewHandler<S extends HandlerSchemas>(
  name: string,
  schemas: OnlySchemaKeys<S>,
  fn: ValidatedHandler<S>,
): ValidatedHandler<S>;
export function liveviewHandler(
  name: string,
  schemasOrFn: HandlerSchemas | Handler,
  fn?: Handler,
): Handler {
  const registry = getRuntime().registry;
  if (typeof schemasOrFn === "function")
    return registry.register(name)(schemasOrFn);
  return registry.register(name, schemasOrFn)(fn as Handler);
}

/** Django LiveView's liveview_registry, shared by the whole process. */
export const liveviewRegistry: Registry = getRuntime().registry;
