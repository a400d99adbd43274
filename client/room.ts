/**
 * The room a page joins: `<html data-room>` when the server rendered one, else a random UUID kept
 * in localStorage so a reload rejoins the same room. Unlike Django LiveView's client, a server-given room always
 * wins over a stored one (Django LiveView's client pinned the first room forever).
 */
import { ROOM_ATTR, ROOM_STORAGE_KEY } from "./attributes.ts";
import { readItem, writeItem } from "./storage.ts";

/** What we need of localStorage; storage may also be missing or throw (privacy modes, sandboxes). */
export type RoomStorage = Pick<Storage, "getItem" | "setItem">;

/**
 * A random (v4) UUID. `crypto.randomUUID` needs a secure context; outside one (plain http beyond
 * localhost) a blob URL, which browsers name with a random UUID, gives one just as well.
 */
function randomUuid(): string {
  const { crypto } = globalThis;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  const url = URL.createObjectURL(new Blob());
  URL.revokeObjectURL(url);
  return url.slice(-36);
}

/** Reading `window.localStorage` itself throws in some sandboxes, hence the getter. */
function defaultStorage(): RoomStorage | undefined {
  return globalThis.localStorage;
}

export function resolveRoom(
  document: Document,
  storage: () => RoomStorage | undefined = defaultStorage,
): string {
  const given = document.documentElement.getAttribute(ROOM_ATTR)?.trim();
  if (given) return given;
  const stored = readItem(storage, ROOM_STORAGE_KEY)?.trim();
  if (stored) return stored;
  // Where storage fails, the room lasts as long as the page, which still works.
  const room = randomUuid();
  writeItem(storage, ROOM_STORAGE_KEY, room);
  return room;
}
