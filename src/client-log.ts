import type { LogFields, Logger } from "./logger.ts";

/** How often one kind of client-caused line may be written per window. */
const LINES_PER_WINDOW = 10;
const WINDOW_MS = 60_000;
const MAX_TEXT = 80;

/** Text a client chose, cut to a few dozen characters: a log field's value (JSON escapes it). */
export function cutClientText(value: unknown): string {
  const text = String(value);
  return text.length > MAX_TEXT
    ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)`
    : text;
}

/**
 * Text a client chose, as it may appear in a log line: quoted and escaped (no control
 * characters, no line breaks, so no forged lines) and cut to a few dozen characters.
 */
export function quoteClientText(value: unknown): string {
  return JSON.stringify(cutClientText(value));
}

export interface ClientLog {
  /** Writes the line unless this kind was written too often lately (then it is counted). */
  warn(kind: string, message: string, fields?: LogFields): void;
  error(
    kind: string,
    message: string,
    error?: unknown,
    fields?: LogFields,
  ): void;
}

/**
 * Lines a client can cause at will (unknown handlers, refused origins, failing handlers) are
 * limited per kind: a flood of bad frames cannot fill the disk or drown real lines. The next line
 * written after a quiet spell says how many were left out.
 */
export function createClientLog(
  logger: Logger,
  now: () => number = Date.now,
): ClientLog {
  const kinds = new Map<
    string,
    { since: number; written: number; suppressed: number }
  >();
  const admit = (kind: string): string | false => {
    const at = now();
    let entry = kinds.get(kind);
    if (!entry || at - entry.since >= WINDOW_MS) {
      const suppressed = entry?.suppressed ?? 0;
      entry = { since: at, written: 0, suppressed: 0 };
      kinds.set(kind, entry);
      if (suppressed > 0) {
        entry.written += 1;
        return ` (${suppressed} similar lines left out in the last minute)`;
      }
    }
    if (entry.written >= LINES_PER_WINDOW) {
      entry.suppressed += 1;
      return false;
    }
    entry.written += 1;
    return "";
  };
  return {
    warn(kind, message, fields) {
      const note = admit(kind);
      if (note !== false) logger.warn(message + note, fields);
    },
    error(kind, message, error, fields) {
      const note = admit(kind);
      if (note !== false) logger.error(message + note, error, fields);
    },
  };
}
