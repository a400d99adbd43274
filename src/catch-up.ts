import type { Broadcaster } from "./broadcast.ts";
import type { Logger } from "./logger.ts";
import { channelOf, positionFrame, type Member } from "./member.ts";
import { comparePositions } from "./positions.ts";

/** Live messages held for a page while it catches up; more means it is too far behind. */
const MAX_HELD = 1000;

export interface CatchUp {
  /** A page entered a group: tell it where the group is, or send it what it missed. */
  start(member: Member, group: string): void;
  /** True when the message was held back because the page is still catching up. */
  hold(
    member: Member,
    group: string,
    payload: string,
    position: string | undefined,
  ): boolean;
}

/**
 * A page that comes back says where it was in each group. What it missed is read from the
 * group's history and sent in order; live messages that arrive meanwhile wait, and only those
 * past the last replayed one are sent after: each message once, in order. When the history no
 * longer reaches back, the page is told to resync (it rebuilds with its reconnect handlers).
 */
export function createCatchUp(
  broadcaster: Broadcaster,
  logger: Logger,
  writable: (member: Member) => boolean,
  deliverTo: (
    member: Member,
    group: string,
    payload: string,
    position: string | undefined,
  ) => Promise<void>,
): CatchUp {
  const tell = (member: Member, text: string) => {
    if (writable(member)) member.socket.send(text);
  };

  async function replay(member: Member, group: string, from: string) {
    const channel = channelOf(group);
    const backlog = await broadcaster.since(channel, from);
    let last = from;
    if (!backlog.complete || member.waiting?.get(group) === undefined) {
      tell(member, positionFrame(group, await broadcaster.head(channel), true));
    } else {
      for (const entry of backlog.entries) {
        await deliverTo(member, group, entry.payload, entry.position);
        last = entry.position;
      }
    }
    // What arrived while replaying, minus what the replay already sent.
    for (const held of member.waiting?.get(group) ?? []) {
      if (held.position && comparePositions(held.position, last) <= 0) continue;
      await deliverTo(member, group, held.payload, held.position);
    }
  }

  return {
    start(member, group) {
      if (!member.tracks) return;
      const from = member.resume.get(group);
      if (from === undefined) {
        broadcaster.head(channelOf(group)).then(
          (head) => tell(member, positionFrame(group, head)),
          (error: unknown) =>
            logger.debug(`No position for ${group}: ${String(error)}`),
        );
        return;
      }
      (member.waiting ??= new Map()).set(group, []);
      replay(member, group, from)
        .catch((error: unknown) => {
          logger.warn(`Could not replay ${group} for a page: ${String(error)}`);
        })
        .finally(() => member.waiting?.delete(group));
    },
    hold(member, group, payload, position) {
      const held = member.waiting?.get(group);
      if (!held) return false;
      if (held.length < MAX_HELD) held.push({ payload, position });
      // Too far behind: the replay is abandoned, the page resyncs.
      else member.waiting?.delete(group);
      return true;
    },
  };
}
