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
  // Not a secure context (plain http beyond localhost): no randomUUID, but random values.
  const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
  // RFC 4122 version 4 and variant bits.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
