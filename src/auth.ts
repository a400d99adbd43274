import type { IncomingMessage } from "node:http";

/**
 * The app's user, as `authenticate` returns it. Declare its shape once and every
 * `consumer.scope.user` is typed:
 *
 * ```ts
 * declare module "vite-plugin-liveview/server" {
 *   interface LiveViewUser { id: number; name: string }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LiveViewUser {}

/** The app's session, as `authenticate` returns it; declared like LiveViewUser. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LiveViewSession {}

/** LiveViewUser once the app declared it, else unknown (nothing is assumed about it). */
export type User = keyof LiveViewUser extends never ? unknown : LiveViewUser;
/** LiveViewSession once the app declared it, else unknown. */
export type Session = keyof LiveViewSession extends never
  ? unknown
  : LiveViewSession;

/** What `authenticate` puts on `consumer.scope`; return `false` to refuse the socket (401). */
export interface AuthResult {
  user?: User;
  session?: Session;
  /**
   * Groups the sockets of one login: `disconnectSockets(socketId)` closes them all, on every
   * process, with 4401 (e.g. `session:${id}` at logout, `user:${id}` when an account is locked).
   */
  socketId?: string;
}

export type Authenticate = (
  request: IncomingMessage,
) => AuthResult | false | undefined | Promise<AuthResult | false | undefined>;
