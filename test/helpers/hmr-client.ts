import { WebSocket } from "ws";

/** Vite's own browser HMR socket, as the page's Vite client opens it. */
export async function connectViteHmr(port: number): Promise<{
  payloads: Array<{ type: string; [k: string]: unknown }>;
  close(): void;
}> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/`, "vite-hmr");
  const payloads: Array<{ type: string }> = [];
  socket.on("message", (data) => payloads.push(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return { payloads, close: () => socket.close() };
}
