/**
 * The files a call brings: the `data-liveview-upload` inputs of the trigger's form (or container)
 * that hold files, by name, and what the browser can refuse before sending a byte: a type the
 * input's `accept` leaves out, more than one file in an input without `multiple`. The handler's
 * own limits (sizes, counts) are checked by the server before any byte is sent, too.
 */
import type { LiveViewIssue } from "./events.ts";
import { UPLOAD_ATTR } from "./upload-attributes.ts";

export interface UploadField {
  /** The inputs' `name`. */
  name: string;
  inputs: HTMLInputElement[];
  files: File[];
}

const INPUT_SELECTOR = `input[type=file][${UPLOAD_ATTR}]`;

/**
 * Upload inputs with files in `scope` (the trigger's form or container, as collect.ts sends it)
 * and the trigger itself, grouped by name, in page order.
 */
export function collectUploads(
  trigger: Element,
  scope: Element | null,
): UploadField[] {
  // As collect.ts does: in a container, the inputs of a form inside it belong to that form.
  const form = trigger.closest("form");
  const inputs = Array.from(
    scope?.querySelectorAll<HTMLInputElement>(INPUT_SELECTOR) ?? [],
  ).filter((input) => form !== null || input.closest("form") === null);
  if (trigger.matches(INPUT_SELECTOR) && !inputs.includes(trigger as never))
    inputs.push(trigger as HTMLInputElement);
  const fields = new Map<string, UploadField>();
  for (const input of inputs) {
    if (!input.name || input.disabled || !input.files?.length) continue;
    let field = fields.get(input.name);
    if (!field)
      fields.set(
        input.name,
        (field = { name: input.name, inputs: [], files: [] }),
      );
    field.inputs.push(input);
    field.files.push(...Array.from(input.files));
  }
  return [...fields.values()];
}

/** The `accept` attribute's rule, as the file picker applies it (a drop skips the picker). */
function isAccepted(accept: string, file: File): boolean {
  const patterns = accept
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  const type = file.type.toLowerCase();
  const name = file.name.toLowerCase();
  return (
    patterns.length === 0 ||
    patterns.some((pattern) =>
      pattern.startsWith(".")
        ? name.endsWith(pattern)
        : pattern.endsWith("/*")
          ? type.startsWith(pattern.slice(0, -1))
          : type === pattern,
    )
  );
}

/** One issue per file the inputs themselves refuse, worded as the server words its refusals. */
export function checkUploads(fields: UploadField[]): LiveViewIssue[] {
  const issues: LiveViewIssue[] = [];
  for (const { name, inputs } of fields)
    for (const input of inputs)
      Array.from(input.files ?? []).forEach((file, index) => {
        const message =
          !input.multiple && index > 0
            ? "one file too many (at most 1)"
            : input.accept && !isAccepted(input.accept, file)
              ? `not an accepted type (${input.accept})`
              : undefined;
        if (message)
          issues.push({ path: name, message: `${file.name}: ${message}` });
      });
  return issues;
}
