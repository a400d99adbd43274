/**
 * The room a page joins: `<html data-room>` when the server rendered one, else a random UUID kept
 * in localStorage so a reload rejoins the same room. Unlike Django LiveView's client, a server-given room always
 * wins over a stored one (Django LiveView's client pinned the first room forever).
 */
import { ROOM_ATTR, ROOM_STORAGE_KEY } from "./attributes.ts";
import { readItem, writeItem } from "./storage.ts";

/** What we need of localStorage; storage may also be missing or throw (privacy modes, sandboxes). */
export type RoomStorage = Pick<Storage, "getItem" | "setItem">;

function randomUuid(): string {
  const cryptoApi = globalThis.crypto;
  if (typeof cryptoApi?.randomUUID === "function")
    return cryptoApi.randomUUID();
  // Not a secure context (plain http beyond localhost): no randomUUID, but random values. Each
  // 0 and 1 of the template becomes a random hex digit, and the 8 one of 8, 9, a or b, which
  // leaves RFC 4122's version 4 and variant bits in place.
  return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (digit) =>
    (
      +digit ^
      (cryptoApi.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+digit / 4)))
    ).toString(16),
  );
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
