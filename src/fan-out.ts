import type { WebSocket } from "ws";
import {
  BROADCAST_TOPIC,
  type Broadcaster,
  type Subscription,
} from "./broadcast.ts";
import { createCatchUp } from "./catch-up.ts";
import type { Logger } from "./logger.ts";
import {
  channelOf,
  decodeEvent,
  EVERYONE,
  wrapFrame,
  type Member,
} from "./member.ts";

export interface FanOut {
  /** Resolves once broadcasts from other processes reach this server. */
  readonly ready: Promise<void>;
  /** A new page: in EVERYONE and its room, caught up on both if it reconnected. */
  add(member: Member, room: string): void;
  remove(member: Member): void;
  join(member: Member, group: string): void;
  leave(member: Member, group: string): void;
  readonly size: number;
  forEach(callback: (socket: WebSocket) => void): void;
  close(): void;
}

/** Runs `liveviewEvent(event)` for one page; may return a promise. */
export type RunEvent = (
  member: Member,
  event: string,
  payload: unknown,
) => void | Promise<void>;

/**
 * True when the socket is open and not backed up. A backed-up one is cut off at once: a close
 * handshake would wait behind the very data the page is not reading. Its client reconnects.
 */
export function isWritable(
  socket: WebSocket,
  maxBufferedBytes: number,
  logger: Logger,
): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (socket.bufferedAmount <= maxBufferedBytes) return true;
  logger.warn(
    `Closing a page that stopped reading (${socket.bufferedAmount} bytes waiting)`,
  );
  socket.terminate();
  return false;
}

/**
 * The server's pages and their groups (rooms and joined topics), subscribed to the broadcaster:
 * one subscription per group while it has pages. A frame is encoded once for all its sockets
 * (twice when some pages keep their place); an event runs its handler once per page, so each
 * page renders it for its own viewer.
 */
export function createFanOut(
  broadcaster: Broadcaster,
  logger: Logger,
  maxBufferedBytes: number,
  runEvent: RunEvent,
): FanOut {
  const members = new Set<Member>();
  const groups = new Map<
    string,
    { members: Set<Member>; subscription: Subscription }
  >();
  const writable = (member: Member) =>
    isWritable(member.socket, maxBufferedBytes, logger);
  const catchUp = createCatchUp(broadcaster, logger, writable, deliverTo);

  /** One message to one page: what a replay does, and a live delivery to a single page. */
  async function deliverTo(
    member: Member,
    group: string,
    payload: string,
    position: string | undefined,
  ): Promise<void> {
    const event = decodeEvent(payload);
    if (event) {
      await runEvent(member, event.event, event.payload);
      if (member.tracks && position && writable(member))
        member.socket.send(JSON.stringify({ t: group, p: position }));
      return;
    }
    if (!writable(member)) return;
    member.socket.send(
      member.tracks && position ? wrapFrame(group, position, payload) : payload,
    );
  }

  function deliver(
    group: string,
    targets: Set<Member>,
    payload: string,
    position: string | undefined,
  ): void {
    if (payload.startsWith("E")) {
      for (const member of targets) {
        if (!catchUp.hold(member, group, payload, position))
          void deliverTo(member, group, payload, position).catch((error) =>
            logger.error(`An event for ${group} failed`, error),
          );
      }
      return;
    }
    const raw = Buffer.from(payload);
    let wrapped: Buffer | undefined;
    for (const member of targets) {
      if (catchUp.hold(member, group, payload, position) || !writable(member))
        continue;
      if (member.tracks && position) {
        wrapped ??= Buffer.from(wrapFrame(group, position, payload));
        member.socket.send(wrapped, { binary: false });
      } else member.socket.send(raw, { binary: false });
    }
  }

  function join(member: Member, group: string): void {
    if (member.groups.has(group)) return;
    let entry = groups.get(group);
    if (!entry) {
      const targets = new Set<Member>();
      const subscription = broadcaster.subscribe(
        channelOf(group),
        (payload, position) => deliver(group, targets, payload, position),
      );
      groups.set(group, (entry = { members: targets, subscription }));
    }
    entry.members.add(member);
    member.groups.add(group);
    catchUp.start(member, group);
  }

  function leave(member: Member, group: string): void {
    member.groups.delete(group);
    member.waiting?.delete(group);
    const entry = groups.get(group);
    if (!entry) return;
    entry.members.delete(member);
    if (entry.members.size === 0 && group !== EVERYONE) {
      entry.subscription.unsubscribe();
      groups.delete(group);
    }
  }

  // EVERYONE is subscribed from the start and for good: the server is ready once it hears
  // broadcasts.
  const everyoneMembers = new Set<Member>();
  const everyone = broadcaster.subscribe(BROADCAST_TOPIC, (payload, position) =>
    deliver(EVERYONE, everyoneMembers, payload, position),
  );
  groups.set(EVERYONE, { members: everyoneMembers, subscription: everyone });

  return {
    ready: everyone.ready,
    add(member, room) {
      members.add(member);
      join(member, EVERYONE);
      join(member, room);
    },
    remove(member) {
      members.delete(member);
      for (const group of [...member.groups]) leave(member, group);
    },
    join,
    leave,
    get size() {
      return members.size;
    },
    forEach(callback) {
      for (const member of members) callback(member.socket);
    },
    close() {
      for (const entry of groups.values()) entry.subscription.unsubscribe();
      groups.clear();
    },
  };
}
