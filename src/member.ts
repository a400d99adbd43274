import type { WebSocket } from "ws";
import { BROADCAST_TOPIC, roomTopic } from "./broadcast.ts";
import type { Membership } from "./runtime.ts";
import type { Consumer } from "./types.ts";

/** The name of the group every page is in: what `broadcast()` reaches. */
export const EVERYONE = "*";

/** The broadcaster topic a group's messages travel on. */
export function channelOf(group: string): string {
  return group === EVERYONE ? BROADCAST_TOPIC : roomTopic(group);
}

/** One page as the fan-out knows it. */
export interface Member {
  socket: WebSocket;
  consumer: Consumer;
  /**
   * The page keeps its place in each group (our browser client does): what reaches it through
   * a group comes wrapped as `{"t": group, "p": position, "f": frame}`, so after a reconnect it
   * can ask for what it missed. Other clients get frames exactly as handlers sent them.
   */
  tracks: boolean;
  /** Where the page says it was in each group, when it reconnected. */
  resume: ReadonlyMap<string, string>;
  /** Groups it is in: its room, the topics it joined, and EVERYONE. */
  groups: Set<string>;
  /**
   * Groups being caught up: live messages wait here until the missed ones are sent. Made when
   * a catch-up starts, as most pages never need one.
   */
  waiting?: Map<string, { payload: string; position: string | undefined }[]>;
  /** Topics where it is tracked for presence; made with its first. */
  presence?: Set<string>;
  /** The language of its last message, for event handlers. */
  lang: string;
}

/** A group delivery for a page that keeps its place. */
export function wrapFrame(
  group: string,
  position: string | undefined,
  frame: string,
): string {
  return `{"t":${JSON.stringify(group)},"p":${JSON.stringify(position ?? null)},"f":${frame}}`;
}

/** The page's place in a group moved without a frame for it (an event, a join, a resync). */
export function positionFrame(
  group: string,
  position: string,
  resync = false,
): string {
  return JSON.stringify(
    resync
      ? { t: group, p: position, resync: true }
      : { t: group, p: position },
  );
}

/** Events travel the group's channel as `E{"event":...,"payload":...}`; frames are `{...}`. */
export function encodeEvent(event: string, payload: unknown): string {
  return `E${JSON.stringify({ event, payload })}`;
}

export function decodeEvent(
  message: string,
): { event: string; payload: unknown } | undefined {
  if (!message.startsWith("E")) return undefined;
  return JSON.parse(message.slice(1)) as { event: string; payload: unknown };
}

const MAX_RESUME = 200;
const NO_RESUME: ReadonlyMap<string, string> = new Map();

/**
 * What the realtime API reaches of a socket's member (`join`, `leave`, presence): one small
 * object per socket, where closures would be three.
 */
export class MemberHandle implements Membership {
  constructor(
    private readonly groups: {
      join(member: Member, topic: string): void;
      leave(member: Member, topic: string): void;
    },
    private readonly member: Member,
  ) {}

  join(topic: string): void {
    this.groups.join(this.member, topic);
  }

  leave(topic: string): void {
    this.groups.leave(this.member, topic);
  }

  get presence(): Set<string> {
    return (this.member.presence ??= new Set());
  }
}

/** The `resume` query of a reconnecting page: JSON of group -> position. */
export function parseResume(
  value: string | null,
  isPosition: (value: unknown) => value is string,
): ReadonlyMap<string, string> {
  // Most sockets are not reconnecting: they share one empty map.
  if (!value) return NO_RESUME;
  const resume = new Map<string, string>();
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== "object" || parsed === null) return resume;
    for (const [group, position] of Object.entries(parsed).slice(
      0,
      MAX_RESUME,
    )) {
      if (group.length <= 256 && isPosition(position))
        resume.set(group, position);
    }
  } catch {
    // A resume the page cannot have written is ignored: it simply catches up on nothing.
  }
  return resume;
}
