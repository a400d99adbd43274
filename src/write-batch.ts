import type { Duplex } from "node:stream";

/**
 * Holds a socket's writes until the current macrotask is over, then sends them in one writev.
 * A handler's fragment and the ack that follows it a few microtasks later then leave as one TCP
 * segment instead of two: fewer syscalls, and no wait on the peer's delayed ACK between them,
 * which cut closed-loop throughput to a fraction when the two were written apart.
 */
export function createWriteBatcher(raw: Duplex): () => void {
  let held = false;
  const release = () => {
    held = false;
    raw.uncork();
  };
  return function hold() {
    if (held || raw.destroyed) return;
    held = true;
    raw.cork();
    setImmediate(release);
  };
}
