/**
 * The playground's sessions: a signed cookie holding `{ id, name }`. Signed, not stored, so
 * every `liveview serve` worker reads the same cookie the same way without a shared store.
 * (A real app also keeps revoked sessions somewhere every worker sees, such as its database.)
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const COOKIE = "playground_session";

export interface PlaygroundSession {
  id: string;
  name: string;
}

function secret(): string {
  const value = process.env.SESSION_SECRET;
  if (!value)
    throw new Error("SESSION_SECRET is not set (see playground/.env)");
  return value;
}

function sign(payload: string): string {
  return createHmac("sha256", secret()).update(payload).digest("base64url");
}

/** The Set-Cookie value of a new session for `name`. */
export function createSessionCookie(name: string): string {
  const payload = Buffer.from(
    JSON.stringify({ id: randomUUID(), name } satisfies PlaygroundSession),
  ).toString("base64url");
  return `${COOKIE}=${payload}.${sign(payload)}; HttpOnly; Path=/; SameSite=Lax`;
}

/** The Set-Cookie value that ends it. */
export const CLEARED_COOKIE = `${COOKIE}=; HttpOnly; Path=/; SameSite=Lax; Max-Age=0`;

/** The session of a request, if its cookie is one we signed. */
export function readSession(
  request: IncomingMessage,
): PlaygroundSession | undefined {
  const header = request.headers.cookie ?? "";
  const raw = header
    .split(";")
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);
  const [payload, signature] = (raw ?? "").split(".");
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return undefined;
  try {
    const session = JSON.parse(
      Buffer.from(payload, "base64url").toString(),
    ) as PlaygroundSession;
    return typeof session.id === "string" && typeof session.name === "string"
      ? session
      : undefined;
  } catch {
    return undefined;
  }
}

/** Reads an `application/x-www-form-urlencoded` body (a login form), at most 4 KiB. */
export async function readForm(
  request: IncomingMessage,
): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > 4096) throw new Error("The form is too large");
  }
  return new URLSearchParams(body);
}
