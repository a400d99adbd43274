import { currentServices, getRuntime } from "./runtime.ts";
import type { ConsumerLike } from "./types.ts";
import { EVERYONE } from "./member.ts";

/** Topic names are server-chosen strings, short enough to be keys everywhere. */
export const MAX_TOPIC_LENGTH = 200;

export function assertTopic(
  what: string,
  topic: unknown,
): asserts topic is string {
  if (
    typeof topic !== "string" ||
    topic === "" ||
    topic.length > MAX_TOPIC_LENGTH ||
    topic === EVERYONE
  ) {
    throw new TypeError(
      `${what}: a topic must be a non-empty string of at most ${MAX_TOPIC_LENGTH} characters ` +
        `(and not "${EVERYONE}"), got ${typeof topic === "string" ? `${topic.length} characters` : typeof topic}`,
    );
  }
}

/**
 * Puts the page in `topic` until it leaves or disconnects: `sendToRoom(topic, ...)` and
 * `publish(topic, ...)` reach it, on every process. Only server code joins, so a client cannot
 * listen to a topic no handler let it into. After a reconnect, the page gets what it missed in
 * the topic when a handler joins it again (its `data-liveview-reconnect` handler, say).
 */
export function join(consumer: ConsumerLike, topic: string): void {
  assertTopic("join()", topic);
  const membership = getRuntime().members.get(consumer);
  if (membership) membership.join(topic);
  else
    currentServices().logger.debug(
      `join(): not a socket's consumer; ${topic} ignored`,
    );
}

export function leave(consumer: ConsumerLike, topic: string): void {
  assertTopic("leave()", topic);
  getRuntime().members.get(consumer)?.leave(topic);
}
