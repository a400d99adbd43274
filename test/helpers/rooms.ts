import { createRoomToken } from "../../src/index.ts";

/**
 * Rooms are signed by default; test servers get this secret, so tests can name a room and sign
 * it themselves instead of reading one out of a page.
 */
export const TEST_SECRET = "test-room-secret";

/** The room as the server issued it: `<room>~<signature>`. */
export function signedRoom(room = "room-1", secret = TEST_SECRET): string {
  return createRoomToken(secret, room);
}
