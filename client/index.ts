/**
 * vite-plugin-liveview/client: the browser client. The plugin injects
 * `import { startLiveView } from "vite-plugin-liveview/client"; startLiveView();` into every page.
 */

// Start
export { startLiveView } from "./start.ts";
export type { LiveViewHandle, StartOptions } from "./start.ts";

// Events dispatched on document (names: see events.ts)
export type {
  LiveViewErrorDetail,
  LiveViewEvent,
  LiveViewEventDetails,
  LiveViewIssue,
} from "./events.ts";

// Types
export type { LiveViewClientOptions, SendExtra } from "./client.ts";
export type { LiveViewDebugHandle } from "./debug.ts";
export type { MessageId } from "./loading.ts";
export type { ReconnectOptions, WebSocketConfig } from "./options.ts";
export type { LiveSocket, SocketStatus } from "./socket.ts";
export type { WebSocketConstructor, WebSocketLike } from "./websocket.ts";
