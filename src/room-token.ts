import {
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from "node:crypto";

/** Rooms may hold letters, digits, "-", "_" and "." (a UUID, "user_123"), up to 128 characters. */
export const ROOM_PATTERN = /^[\w.-]{1,128}$/;

function sign(room: string, secret: string): string {
  return createHmac("sha256", secret).update(room).digest("base64url");
}

/** The room secret when none is given: env LIVEVIEW_SECRET (the one place it is read). */
export function roomSecretFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return env.LIVEVIEW_SECRET || undefined;
}

/**
 * Rooms are signed unless signing is turned off (`roomSecret: false`): without a configured
 * secret, a random one is made for this process. It signs the pages this process serves, so a
 * page reconnecting to another process or machine needs them to share one (LIVEVIEW_SECRET).
 */
export function resolveRoomSecret(
  secret: string | false | undefined,
): string | undefined {
  if (secret === false) return undefined;
  return secret || randomBytes(32).toString("base64url");
}

/**
 * A server-issued room: `<room>~<signature>`. With a roomSecret, clients cannot join or
 * eavesdrop on a room they were not given, because they cannot forge the signature.
 */
export function createRoomToken(
  secret: string,
  room: string = randomUUID(),
): string {
  if (!ROOM_PATTERN.test(room))
    throw new TypeError(`Invalid room name ${JSON.stringify(room)}`);
  return `${room}~${sign(room, secret)}`;
}

/** The room inside a valid token, or undefined for an unsigned or forged one. */
export function verifyRoomToken(
  secret: string,
  token: string,
): string | undefined {
  const at = token.lastIndexOf("~");
  if (at <= 0) return undefined;
  const room = token.slice(0, at);
  const given = Buffer.from(token.slice(at + 1));
  const expected = Buffer.from(sign(room, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return undefined;
  return room;
}

/** Gives a page a fresh signed room on `<html data-room>`, unless it names one already. */
export function injectRoomToken(html: string, secret: string): string {
  if (/<html[^>]*\sdata-room=/i.test(html)) return html;
  return html.replace(
    /<html\b/i,
    `<html data-room="${createRoomToken(secret)}"`,
  );
}
