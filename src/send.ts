import {
  BROADCAST_TOPIC,
  DISCONNECT_TOPIC,
  roomTopic,
  type Broadcaster,
} from "./broadcast.ts";
import { publishKind } from "./observer.ts";
import { currentServices, getRuntime, type ServerServices } from "./runtime.ts";
import type { ConsumerLike, SendData } from "./types.ts";

export interface SendOptions {
  /** Send to every open page instead of this consumer only. */
  broadcast?: boolean;
}

/** Every distinct broadcaster of the open servers: one publish reaches each server once. */
function openBroadcasters(): Map<Broadcaster, ServerServices> {
  const out = new Map<Broadcaster, ServerServices>();
  for (const services of getRuntime().servers) {
    if (!out.has(services.broadcaster)) out.set(services.broadcaster, services);
  }
  return out;
}

/**
 * Publishes on every open server's broadcaster (one per distinct broadcaster). Group messages
 * (broadcasts, room sends, events) keep a history, so pages that reconnect can catch up.
 */
export async function publishEverywhere(
  topic: string,
  payload: string,
  history = true,
): Promise<void> {
  const targets = openBroadcasters();
  if (targets.size === 0) {
    currentServices().logger.debug(
      `No LiveView server is running; a message to ${topic} was dropped`,
    );
    return;
  }
  await Promise.all(
    [...targets].map(([broadcaster, services]) => {
      services.observer?.published(publishKind(topic, payload));
      return broadcaster
        .publish(topic, payload, { history })
        .catch((error: unknown) => {
          services.logger.error(`Could not publish to ${topic}`, error);
        });
    }),
  );
}

// send() is called for nearly every frame: its common path returns this one settled promise
// instead of making a new one each time.
const DONE: Promise<void> = Promise.resolve();

async function sendBroadcast(
  consumer: ConsumerLike,
  data: SendData,
): Promise<void> {
  const runtime = getRuntime();
  try {
    const services = runtime.consumers.get(consumer);
    if (services && runtime.servers.has(services)) {
      services.observer?.published("broadcast");
      await services.broadcaster.publish(
        BROADCAST_TOPIC,
        JSON.stringify(data),
        {
          history: true,
        },
      );
      return;
    }
    // A consumer no server made (a unit test's): it hears its own broadcast, like real ones do.
    if (!consumer.closed) consumer.sendJson(data);
    await publishEverywhere(BROADCAST_TOPIC, JSON.stringify(data));
  } catch (error) {
    currentServices().logger.error("send() failed", error);
  }
}

/**
 * Django LiveView's send(consumer, data, broadcast=False). Never throws and never rejects: its
 * docs call it without awaiting, so a failure is logged instead.
 */
export function send(
  consumer: ConsumerLike,
  data: SendData,
  options: SendOptions = {},
): Promise<void> {
  // A handler past its deadline was answered already: what it sends now is dropped.
  if (getRuntime().messages.getStore()?.cancelled) {
    currentServices().logger.debug("send() from a timed-out handler dropped");
    return DONE;
  }
  if (options.broadcast) return sendBroadcast(consumer, data);
  try {
    if (consumer.closed) {
      currentServices().logger.debug(
        `send() to closed consumer ${consumer.id ?? ""} ignored`,
      );
    } else {
      consumer.sendJson(data);
    }
  } catch (error) {
    currentServices().logger.error("send() failed", error);
  }
  return DONE;
}

/** Sends data to every open page of every server (across processes with Redis). */
export async function broadcast(data: SendData): Promise<void> {
  try {
    await publishEverywhere(BROADCAST_TOPIC, JSON.stringify(data));
  } catch (error) {
    currentServices().logger.error("broadcast() failed", error);
  }
}

/** Sends data to every page joined to room (across processes with Redis). */
export async function sendToRoom(room: string, data: SendData): Promise<void> {
  try {
    await publishEverywhere(roomTopic(room), JSON.stringify(data));
  } catch (error) {
    currentServices().logger.error("sendToRoom() failed", error);
  }
}

/**
 * Closes every socket that `authenticate` gave this `socketId`, on every process (through
 * Redis when configured), with close code 4401: the pages do not reconnect, they reload. Call it
 * at logout so no other tab keeps acting for the user. An unknown id closes nothing.
 */
export async function disconnectSockets(socketId: string): Promise<void> {
  if (typeof socketId !== "string" || socketId === "") {
    throw new TypeError("disconnectSockets(socketId) needs a non-empty string");
  }
  try {
    await publishEverywhere(DISCONNECT_TOPIC, socketId, false);
  } catch (error) {
    currentServices().logger.error("disconnectSockets() failed", error);
  }
}
