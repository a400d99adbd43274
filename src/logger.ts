/** The small logger the core writes through; any object with these four methods can replace it. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

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

/** A console logger prefixed with `[liveview]`; `LIVEVIEW_LOG_LEVEL` overrides the level. */
export function createConsoleLogger(level?: LogLevel): Logger {
  const fromEnv = process.env.LIVEVIEW_LOG_LEVEL as LogLevel | undefined;
  const threshold =
    RANK[level ?? (fromEnv && fromEnv in RANK ? fromEnv : "info")];
  const enabled = (at: LogLevel) => RANK[at] >= threshold;
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
