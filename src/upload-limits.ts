/**
 * What a handler declares about the files it takes (`liveviewHandler(name, { uploads: { avatar:
 * { accept, maxBytes, maxFiles } } }, fn)`), and the check of the files a page announces against it.
 */
import type { InputIssue } from "./protocol.ts";
import type { Content } from "./types.ts";

/** The files one form field may bring to a handler. */
export interface UploadLimits {
  /**
   * MIME types (`"image/png"`), wildcards (`"image/*"`) or extensions (`".pdf"`), as in the
   * `accept` attribute of a file input. @default any type
   */
  accept?: readonly string[];
  /** Bytes of one file. @default 8000000 (8 MB) */
  maxBytes?: number;
  /** Files in one call. @default 1 */
  maxFiles?: number;
}

/** The declaration: field name (the input's `name`) to its limits. */
export type UploadSpecs = Record<string, UploadLimits>;

/** A file as the page announces it, before any byte is sent. */
export interface DeclaredFile {
  name: string;
  type: string;
  size: number;
}

/** A file a handler receives: on disk at `path` until the handler settles (move it to keep it). */
export interface UploadedFile {
  /** The file's name on the user's machine, as the browser gave it (never a path to trust). */
  name: string;
  /** The MIME type the browser claimed ("" when it had none); check the bytes if it matters. */
  type: string;
  size: number;
  /** Where the bytes are: a temporary file, removed once the handler settled unless moved. */
  path: string;
}

export const DEFAULT_MAX_BYTES = 8_000_000;
export const DEFAULT_MAX_FILES = 1;

const LIMIT_KEYS = new Set(["accept", "maxBytes", "maxFiles"]);

/** Checks a handler's `uploads` declaration, with a message that says what to fix. */
export function assertUploadSpecs(where: string, specs: unknown): void {
  if (typeof specs !== "object" || specs === null || Array.isArray(specs))
    throw new TypeError(
      `${where}: uploads must be an object like { avatar: { accept: ["image/*"] } }`,
    );
  for (const [field, limits] of Object.entries(specs)) {
    const at = `${where}: uploads.${field}`;
    if (typeof limits !== "object" || limits === null)
      throw new TypeError(`${at} must be an object ({} takes the defaults)`);
    for (const [key, value] of Object.entries(limits)) {
      if (!LIMIT_KEYS.has(key))
        throw new TypeError(
          `${at}: unknown key "${key}" (accept, maxBytes and maxFiles are known)`,
        );
      const ok =
        key === "accept"
          ? Array.isArray(value) && value.every((v) => typeof v === "string")
          : Number.isInteger(value) && (value as number) > 0;
      if (!ok)
        throw new TypeError(
          key === "accept"
            ? `${at}.accept must be an array of strings such as ["image/*", ".pdf"]`
            : `${at}.${key} must be a positive whole number`,
        );
    }
  }
}

/** True when the file's claimed type or its name's extension is in `accept`. */
export function isAccepted(
  accept: readonly string[] | undefined,
  file: Pick<DeclaredFile, "name" | "type">,
): boolean {
  if (!accept || accept.length === 0) return true;
  const type = file.type.toLowerCase();
  const name = file.name.toLowerCase();
  return accept.some((entry) => {
    const pattern = entry.trim().toLowerCase();
    if (pattern.startsWith(".")) return name.endsWith(pattern);
    if (pattern.endsWith("/*")) return type.startsWith(pattern.slice(0, -1));
    return type === pattern;
  });
}

/** "5.2 MB", "800 KB", "1001 bytes": sizes as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${+(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 10_000) return `${Math.round(bytes / 1_000)} KB`;
  return `${bytes} bytes`;
}

/** A size over a limit, in units that show the difference. */
function tooLarge(size: number, max: number): string {
  const [shown, limit] = [formatBytes(size), formatBytes(max)];
  return shown === limit
    ? `too large (${size} bytes; at most ${max} bytes)`
    : `too large (${shown}; at most ${limit})`;
}

/**
 * One issue per refused file (path: the field's name, so the page shows it next to the input):
 * a type not accepted, a file over maxBytes, or a file past maxFiles. Fields the handler does not
 * declare take no files at all.
 */
export function checkDeclaredFiles(
  specs: UploadSpecs,
  uploads: Record<string, DeclaredFile[]>,
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const [field, files] of Object.entries(uploads)) {
    const limits = Object.hasOwn(specs, field) ? specs[field] : undefined;
    const maxBytes = limits?.maxBytes ?? DEFAULT_MAX_BYTES;
    const maxFiles = limits?.maxFiles ?? DEFAULT_MAX_FILES;
    files.forEach((file, index) => {
      const message = !limits
        ? "this field takes no files"
        : index >= maxFiles
          ? `one file too many (at most ${maxFiles})`
          : !isAccepted(limits.accept, file)
            ? `not an accepted type (${limits.accept!.join(", ")})`
            : file.size > maxBytes
              ? tooLarge(file.size, maxBytes)
              : undefined;
      if (message)
        issues.push({ path: field, message: `${file.name}: ${message}` });
    });
  }
  return issues;
}

/**
 * Fills `content.uploads` for a handler that declares `specs`: each declared field's files, an
 * empty list when the call brought none. Those fields leave `content.form`, where a browser puts
 * a file input's made-up path.
 */
export function attachUploads(
  content: Content,
  specs: UploadSpecs,
  received: { files: Record<string, UploadedFile[]> } | undefined,
): void {
  const uploads: Record<string, UploadedFile[]> = Object.create(null);
  for (const field of Object.keys(specs)) {
    uploads[field] = received?.files[field] ?? [];
    delete content.form[field];
  }
  content.uploads = uploads;
}
