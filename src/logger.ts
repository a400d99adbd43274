// The logger every server line goes through: text for a terminal, or one JSON object per line
// (LIVEVIEW_LOG_FORMAT=json) for a log shipper.

/** What a line is about, beside its message: `function`, `room`, `code`... (JSON keeps them). */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** The small logger the core writes through; any object with these four methods can replace it. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, error?: unknown, fields?: LogFields): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFormat = "text" | "json";

const RANK: Record<LogLevel, number> = {
  debug: 0,
  info: 1,
  warn: 2,
  error: 3,
  silent: 4,
};

function describe(error: unknown): string {
  if (error instanceof Error)
    return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** `LIVEVIEW_LOG_FORMAT`: "json" writes one JSON object per line; anything else is text. */
export function logFormatFromEnv(env = process.env): LogFormat {
  return env.LIVEVIEW_LOG_FORMAT?.trim().toLowerCase() === "json"
    ? "json"
    : "text";
}

/**
 * One line as JSON: `time`, `level`, `msg`, `pid`, the fields, and for an error its `error`
 * (message) and `stack`. JSON.stringify escapes line breaks, so a line can never be split.
 */
export function formatJsonLine(
  level: Exclude<LogLevel, "silent">,
  message: string,
  fields?: LogFields,
  error?: unknown,
): string {
  const line: Record<string, unknown> = {
    time: new Date().toISOString(),
    level,
    msg: message,
    pid: process.pid,
    ...fields,
  };
  if (error !== undefined) {
    line.error = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.stack) line.stack = error.stack;
  }
  return JSON.stringify(line);
}

/**
 * A console logger: `[liveview] message` lines, or JSON lines with
 * `LIVEVIEW_LOG_FORMAT=json`; `LIVEVIEW_LOG_LEVEL` overrides the level.
 */
export function createConsoleLogger(
  level?: LogLevel,
  format: LogFormat = logFormatFromEnv(),
): Logger {
  const fromEnv = process.env.LIVEVIEW_LOG_LEVEL as LogLevel | undefined;
  const threshold =
    RANK[level ?? (fromEnv && fromEnv in RANK ? fromEnv : "info")];
  const enabled = (at: LogLevel) => RANK[at] >= threshold;
  if (format === "json") {
    const line =
      (at: Exclude<LogLevel, "silent">, stream: NodeJS.WriteStream) =>
      (message: string, fields?: LogFields, error?: unknown) => {
        if (enabled(at))
          stream.write(`${formatJsonLine(at, message, fields, error)}\n`);
      };
    const error = line("error", process.stderr);
    return {
      debug: line("debug", process.stdout),
      info: line("info", process.stdout),
      warn: line("warn", process.stderr),
      error: (message, cause, fields) => error(message, fields, cause),
    };
  }
  return {
    debug: (message) =>
      enabled("debug") && console.debug(`[liveview] ${message}`),
    info: (message) => enabled("info") && console.info(`[liveview] ${message}`),
    warn: (message) => enabled("warn") && console.warn(`[liveview] ${message}`),
    error: (message, error) =>
      enabled("error") &&
      console.error(
        `[liveview] ${message}${error === undefined ? "" : `\n${describe(error)}`}`,
      ),
  };
}
