import { randomUUID } from "node:crypto";
import type { Consumer, Scope } from "../types.ts";

/** A consumer for unit tests: every frame a handler sends lands in `sent`. */
export interface TestConsumer extends Consumer {
  readonly sent: unknown[];
  /** Marks the consumer closed, as a page that went away. */
  close(): void;
}

export interface TestConsumerOptions {
  room?: string;
  scope?: Partial<Scope>;
  /** Acts as the request consumer of a prerender (`consumer.prerender === true`). @default false */
  prerender?: boolean;
}

export function createTestConsumer(
  options: TestConsumerOptions = {},
): TestConsumer {
  const sent: unknown[] = [];
  let closed = false;
  return {
    id: randomUUID(),
    room: options.room ?? "test-room",
    scope: {
      headers: {},
      cookies: {},
      path: "/",
      query: {},
      address: "127.0.0.1",
      ...options.scope,
    },
    ...(options.prerender ? { prerender: true } : {}),
    sent,
    get closed() {
      return closed;
    },
    close() {
      closed = true;
    },
    sendJson(data) {
      // A copy, as a real socket would deliver: later mutation by the handler does not show.
      if (!closed) sent.push(JSON.parse(JSON.stringify(data)));
    },
  };
}
