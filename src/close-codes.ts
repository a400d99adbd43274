/** WebSocket close codes the server uses, and what the browser client does after each. */

/** Server shutting down or restarting: the client reconnects (to another process, maybe). */
export const CLOSE_GOING_AWAY = 1001;
/** A client that keeps flooding after being told (policy violation): it reconnects later. */
export const CLOSE_POLICY = 1008;
/** `disconnectSockets(socketId)`, e.g. at logout: the client does not reconnect; it reloads. */
export const CLOSE_UNAUTHORIZED = 4401;
/** A room that is not a valid server-issued token. */
export const CLOSE_FORBIDDEN = 4403;
/** The page comes from another build than the server's: the client reloads once. */
export const CLOSE_STALE_BUILD = 4409;
