/**
 * Input schemas of handlers: `liveviewHandler(name, { form, data }, fn)` takes Standard Schema v1
 * validators (zod, valibot, arktype...), so the package depends on no schema library, only on the
 * spec's types. The message's form and data are checked after middleware and before the handler.
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { InputIssue } from "./protocol.ts";
import { assertUploadSpecs, type UploadSpecs } from "./upload-limits.ts";
import { isThenable } from "./thenable.ts";

export type { StandardSchemaV1 };

/** The validators a handler declares; each part it leaves out reaches it as sent. */
export interface HandlerSchemas {
  /** Checks (and may transform) `content.form`, the fields of the trigger's form. */
  form?: StandardSchemaV1;
  /** Checks (and may transform) `content.data`, the trigger's `data-data-*` values. */
  data?: StandardSchemaV1;
  /** The files each field may bring; they arrive as `content.uploads.<field>`. */
  uploads?: UploadSpecs;
}

const KEYS = new Set(["form", "data", "uploads"]);

export type Validation =
  | { ok: true; form: unknown; data: unknown }
  | { ok: false; issues: InputIssue[] };

type Result = StandardSchemaV1.Result<unknown>;

/** Checks what `liveviewHandler` was given, with a message that says what to fix. */
export function assertSchemas(
  name: string,
  schemas: unknown,
): asserts schemas is HandlerSchemas {
  const where = `liveviewHandler("${name}", schemas, fn)`;
  if (typeof schemas !== "object" || schemas === null) {
    throw new TypeError(`${where}: schemas must be an object like { form }`);
  }
  for (const [key, schema] of Object.entries(schemas)) {
    if (!KEYS.has(key)) {
      throw new TypeError(
        `${where}: unknown key "${key}" (a handler takes form and data schemas); file limits go in "uploads"`,
      );
    }
    if (key === "uploads") {
      if (schema !== undefined) assertUploadSpecs(where, schema);
      continue;
    }
    const standard = (schema as Partial<StandardSchemaV1> | undefined)?.[
      "~standard"
    ];
    if (schema !== undefined && typeof standard?.validate !== "function") {
      throw new TypeError(
        `${where}: "${key}" is not a Standard Schema (zod, valibot, arktype... schemas are)`,
      );
    }
  }
}

/** `["address", { key: "city" }]` -> `"address.city"`: the name the field is given in the page. */
function toPath(path: StandardSchemaV1.Issue["path"]): string {
  return (path ?? [])
    .map((segment) =>
      String(typeof segment === "object" ? segment.key : segment),
    )
    .join(".");
}

function combine(form: Result, data: Result): Validation {
  const issues = [...(form.issues ?? []), ...(data.issues ?? [])];
  if (issues.length > 0) {
    return {
      ok: false,
      issues: issues.map((issue) => ({
        path: toPath(issue.path),
        message: issue.message,
      })),
    };
  }
  return {
    ok: true,
    form: (form as StandardSchemaV1.SuccessResult<unknown>).value,
    data: (data as StandardSchemaV1.SuccessResult<unknown>).value,
  };
}

/**
 * Runs both schemas over the message's values. Synchronous schemas (the common case) answer
 * without a promise; an asynchronous one (a uniqueness check in a database) is awaited.
 */
export function validateInput(
  schemas: HandlerSchemas,
  form: unknown,
  data: unknown,
): Validation | Promise<Validation> {
  const check = (schema: StandardSchemaV1 | undefined, value: unknown) =>
    schema ? schema["~standard"].validate(value) : { value };
  const formResult = check(schemas.form, form);
  const dataResult = check(schemas.data, data);
  if (isThenable(formResult) || isThenable(dataResult)) {
    return Promise.all([formResult, dataResult]).then(([f, d]) =>
      combine(f, d),
    );
  }
  return combine(formResult, dataResult);
}

/** The error text of an LV_ERR_INVALID_INPUT frame: the issues themselves, shortened. */
export function describeIssues(issues: readonly InputIssue[]): string {
  const shown = issues
    .slice(0, 3)
    .map((issue) =>
      issue.path ? `${issue.path}: ${issue.message}` : issue.message,
    );
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return `Invalid input: ${shown.join("; ")}${more}`;
}
