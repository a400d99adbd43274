import type { WebSocket } from "ws";

/**
 * Pings every page each interval and drops those that did not answer the previous ping: a
 * laptop that slept or a network that vanished leaves a half-open socket that would otherwise
 * stay forever. The pings also keep idle connections alive through proxies' read timeouts.
 */
export function startHeartbeat(
  each: (visit: (socket: WebSocket) => void) => void,
  intervalMs: number,
): () => void {
  const answered = new WeakSet<WebSocket>();
  const watched = new WeakSet<WebSocket>();
  const timer = setInterval(() => {
    each((socket) => {
      if (!watched.has(socket)) {
        watched.add(socket);
        socket.on("pong", () => answered.add(socket));
      } else if (!answered.has(socket)) {
        socket.terminate();
        return;
      }
      answered.delete(socket);
      if (socket.readyState === socket.OPEN) socket.ping();
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
