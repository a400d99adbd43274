/**
 * Sorting what the server sent. Frames arrive as `unknown` JSON and are narrowed here, once: an
 * ack, an error (the server's coded errors, and a handler's own `{"error": ...}` with no target,
 * as Django LiveView's examples send), or instructions for the page.
 */
import type { SendData } from "../src/protocol.ts";
import type { LiveViewIssue } from "./events.ts";
import type { MessageId } from "./loading.ts";

export type Frame =
  | { kind: "ack"; id: MessageId }
  | {
      kind: "error";
      message: string;
      code: string | undefined;
      id: MessageId | undefined;
      issues: LiveViewIssue[] | undefined;
    }
  | { kind: "page"; data: SendData };

/** `issues` of an `LV_ERR_INVALID_INPUT` frame; entries without a string message are dropped. */
function readIssues(raw: unknown): LiveViewIssue[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw
    .filter((issue) => typeof issue?.message === "string")
    .map(({ path, message }) => ({ path: String(path ?? ""), message }));
}

function isMessageId(value: unknown): value is MessageId {
  return typeof value === "string" || typeof value === "number";
}

export function classifyFrame(raw: unknown): Frame | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return undefined;
  const frame = raw as Record<string, unknown>;
  if (isMessageId(frame.ack)) return { kind: "ack", id: frame.ack };
  if (
    typeof frame.error === "string" &&
    (typeof frame.code === "string" || frame.target === undefined)
  ) {
    return {
      kind: "error",
      message: frame.error,
      code: typeof frame.code === "string" ? frame.code : undefined,
      id: isMessageId(frame.id) ? frame.id : undefined,
      issues: readIssues(frame.issues),
    };
  }
  return { kind: "page", data: frame as SendData };
}
