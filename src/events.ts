import { roomTopic } from "./broadcast.ts";
import { encodeEvent } from "./member.ts";
import { getRuntime } from "./runtime.ts";
import { publishEverywhere } from "./send.ts";
import { assertTopic } from "./topics.ts";
import type {
  ConnectHook,
  Consumer,
  DisconnectHook,
  EventHandler,
} from "./types.ts";

/** An event's payload travels as JSON; this much is plenty for "what changed". */
const MAX_PAYLOAD = 1024 * 1024;

/**
 * Handles `event` for each page in the topic it was published to, on every process: each page
 * renders the change for its own viewer (Phoenix's handle_info). Hot-swapped with its file.
 */
export function liveviewEvent<T = unknown>(
  event: string,
  fn: (consumer: Consumer, payload: T) => void | Promise<void>,
): typeof fn {
  getRuntime().registry.addEvent(event, fn as EventHandler);
  return fn;
}

/** Runs after a socket is accepted, and again after each reconnect (`consumer.reconnect`). */
export function onConnect(fn: ConnectHook): ConnectHook {
  getRuntime().registry.addConnect(fn);
  return fn;
}

/** Runs when a socket closes, with its close code. */
export function onDisconnect(fn: DisconnectHook): DisconnectHook {
  getRuntime().registry.addDisconnect(fn);
  return fn;
}

/** The event as it travels, or a TypeError that says what is wrong with the call. */
export function encodeEventCall(
  what: string,
  topic: unknown,
  event: unknown,
  payload: unknown,
): string {
  assertTopic(what, topic);
  if (typeof event !== "string" || event === "" || event.length > 200)
    throw new TypeError(`${what}: the event must be a non-empty string`);
  let text: string;
  try {
    text = encodeEvent(event, payload ?? null);
  } catch {
    throw new TypeError(
      `${what}: the payload must be JSON (no functions, cycles or BigInts)`,
    );
  }
  if (text.length > MAX_PAYLOAD)
    throw new TypeError(`${what}: the payload is over ${MAX_PAYLOAD} bytes`);
  return text;
}

/**
 * Runs `liveviewEvent(event)` once for each page in `topic`, on every process. Throws at once for
 * a call that cannot work (a bad topic, a payload that is not JSON, an event nobody handles).
 */
export function publish(
  topic: string,
  event: string,
  payload?: unknown,
): Promise<void> {
  const text = encodeEventCall("publish()", topic, event, payload);
  const runtime = getRuntime();
  const handled =
    runtime.registry.getEvent(event) ??
    [...runtime.servers].find((s) => s.registry.getEvent(event));
  if (!handled)
    throw new Error(
      `publish(): no handler for event "${event}"; register one with liveviewEvent("${event}", ...)`,
    );
  return publishEverywhere(roomTopic(topic), text);
}
