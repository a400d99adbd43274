/**
 * Every warning and error the client reports goes through here, so they read alike and there is
 * one place to hook when the page wants to hear about them (events, the debug log).
 */
const PREFIX = "LiveView";

export const log = {
  warn(message: string, ...details: unknown[]): void {
    console.warn(`${PREFIX}: ${message}`, ...details);
  },
  error(message: string, ...details: unknown[]): void {
    console.error(`${PREFIX}: ${message}`, ...details);
  },
  /** An error frame from the server: `LiveView LV_ERR_…: message`. */
  serverError(code: string, message: string): void {
    console.error(`${PREFIX} ${code}: ${message}`);
  },
};
