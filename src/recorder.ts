// What the dev inspector (`/__liveview/` in `vite dev`) shows: the open pages of a server and the
// last frames in and out of them, with sizes and handler times. Dev only: it wraps each socket.
import type { RawData, WebSocket } from "ws";
import { cutClientText } from "./client-log.ts";
import { EVERYONE, type Member } from "./member.ts";
import type { ServerObserver } from "./observer.ts";
import type { Consumer } from "./types.ts";

/** Where `vite dev` serves the inspector; `vite preview` and `liveview serve` answer 404 there. */
export const INSPECTOR_PATH = "/__liveview/";

/** How many frames the inspector keeps. */
export const MAX_FRAMES = 200;

export interface FrameRecord {
  /** Increasing number of the frame, for keys. */
  seq: number;
  time: number;
  direction: "in" | "out";
  /** The page's consumer id. */
  connection: string;
  room: string;
  /** What it was: a handler's name coming in; `ack 3`, an error code, `#target html` going out. */
  summary: string;
  bytes: number;
  /** Coming in: how long its handler took, once it settled. */
  handlerMs?: number;
  /** Coming in: the error code it was answered with. */
  code?: string;
}

export interface ConnectionRecord {
  id: string;
  room: string;
  topics: string[];
  /** `scope.user` as JSON, cut short; undefined for an anonymous page. */
  user: string | undefined;
  address: string;
  since: number;
}

export interface Recorder {
  observer: ServerObserver;
  connections(): ConnectionRecord[];
  /** Oldest first. */
  frames(): readonly FrameRecord[];
  clear(): void;
}

function text(data: unknown): string {
  if (typeof data === "string") return data;
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString();
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return "";
}

/** Frames larger than this are listed by size only: parsing them is not worth a dev's wait. */
const MAX_PARSED = 64 * 1024;

function parse(raw: string): Record<string, unknown> | undefined {
  if (raw.length > MAX_PARSED) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A frame the server sent, in a few words. */
export function summarizeOutgoing(frame: Record<string, unknown>): string {
  if ("f" in frame && typeof frame.f === "object" && frame.f !== null) {
    const inner = summarizeOutgoing(frame.f as Record<string, unknown>);
    return `${inner} (via ${frame.t === EVERYONE ? "broadcast" : String(frame.t)})`;
  }
  if ("ack" in frame) return `ack ${String(frame.ack)}`;
  if ("error" in frame) return `error ${String(frame.code)}`;
  if ("t" in frame) return `position in ${String(frame.t)}`;
  const keys = Object.keys(frame).filter((key) => key !== "target");
  const target = typeof frame.target === "string" ? `${frame.target} ` : "";
  return cutClientText(`${target}${keys.join(", ")}`);
}

/** `scope.user` in a few words: whatever authenticate() returned, cycles included. */
function describeUser(user: unknown): string {
  try {
    return cutClientText(JSON.stringify(user));
  } catch {
    return cutClientText(String(user));
  }
}

export function createRecorder(onChange: () => void): Recorder {
  const members = new Map<Member, number>();
  let frames: FrameRecord[] = [];
  // Frames in whose handler has not settled yet, per page.
  const pending = new Map<Consumer, { id: unknown; record: FrameRecord }[]>();
  let seq = 0;

  function push(record: FrameRecord): void {
    frames.push(record);
    if (frames.length > MAX_FRAMES) frames.shift();
    onChange();
  }

  function base(member: Member, direction: "in" | "out", bytes: number) {
    const { consumer } = member;
    return {
      seq: ++seq,
      time: Date.now(),
      direction,
      connection: consumer.id,
      room: consumer.room,
      bytes,
    };
  }

  function recordIn(member: Member, data: RawData, isBinary: boolean): void {
    const raw = text(data);
    const message = isBinary ? undefined : parse(raw);
    const name = message?.function;
    const record: FrameRecord = {
      ...base(member, "in", Buffer.byteLength(raw)),
      summary: typeof name === "string" ? cutClientText(name) : "(unread)",
    };
    const waiting = pending.get(member.consumer) ?? [];
    waiting.push({ id: message?.id, record });
    pending.set(member.consumer, waiting.slice(-50));
    push(record);
  }

  /** Every write to the page goes through socket.send: handler frames, acks, broadcasts. */
  function wrapSend(member: Member): void {
    const socket: WebSocket = member.socket;
    const send = socket.send.bind(socket) as (...args: unknown[]) => void;
    socket.send = ((data: unknown, ...rest: unknown[]) => {
      const raw = text(data);
      const frame = parse(raw);
      push({
        ...base(member, "out", Buffer.byteLength(raw)),
        summary: frame ? summarizeOutgoing(frame) : "(unread)",
      });
      send(data, ...rest);
    }) as WebSocket["send"];
  }

  const observer: ServerObserver = {
    opened(member) {
      members.set(member, Date.now());
      wrapSend(member);
      member.socket.on("message", (data, isBinary) =>
        recordIn(member, data, isBinary),
      );
      onChange();
    },
    closed(member) {
      members.delete(member);
      pending.delete(member.consumer);
      onChange();
    },
    handled(consumer, message, _name, code, seconds) {
      const waiting = pending.get(consumer);
      const index =
        waiting?.findIndex((entry) => entry.id === message.id) ?? -1;
      if (!waiting || index === -1) return;
      const { record } = waiting.splice(index, 1)[0]!;
      record.handlerMs = seconds * 1000;
      if (code) record.code = code;
      onChange();
    },
    refused() {},
    published() {},
  };

  return {
    observer,
    connections: () =>
      [...members].map(([member, since]) => {
        const { consumer } = member;
        const user = consumer.scope.user;
        return {
          id: consumer.id,
          room: consumer.room,
          topics: [...member.groups].filter(
            (group) => group !== EVERYONE && group !== consumer.room,
          ),
          user: user === undefined ? undefined : describeUser(user),
          address: consumer.scope.address,
          since,
        };
      }),
    frames: () => frames,
    clear() {
      frames = [];
      onChange();
    },
  };
}
