// vite-plugin-liveview/server: what handler files and production code import.
export { liveviewHandler, liveviewRegistry } from "./handler.ts";
export {
  send,
  broadcast,
  sendToRoom,
  disconnectSockets,
  type SendOptions,
} from "./send.ts";
export { renderToString, t, type LanguageOptions } from "./render.ts";
export { join, leave } from "./topics.ts";
export { liveviewEvent, onConnect, onDisconnect, publish } from "./events.ts";
export {
  listPresence,
  trackPresence,
  untrackPresence,
  type PresenceDiff,
  type PresenceList,
} from "./presence.ts";
export type { Backlog, HistoryEntry, HistoryOptions } from "./history.ts";
export type { PresenceEntry, PresenceStore } from "./presence-store.ts";
export { createLiveViewServer } from "./server.ts";
export {
  CLOSE_FORBIDDEN,
  CLOSE_GOING_AWAY,
  CLOSE_POLICY,
  CLOSE_STALE_BUILD,
  CLOSE_UNAUTHORIZED,
} from "./close-codes.ts";
export {
  defineServer,
  type HttpMiddleware,
  type ServerEntry,
  type StartContext,
  type Teardown,
} from "./server-entry.ts";
export type { LiveViewServer, UpgradeSource, AttachOptions } from "./server.ts";
export type { PrerenderedPage } from "./prerender.ts";
export type { LiveViewMetrics } from "./metrics.ts";
export type { LiveViewServerOptions } from "./options.ts";
export type {
  AuthResult,
  Authenticate,
  LiveViewSession,
  LiveViewUser,
  Session,
  User,
} from "./auth.ts";
export {
  createMemoryBroadcaster,
  type Broadcaster,
  type MemoryBroadcasterOptions,
  type Subscription,
} from "./broadcast.ts";
export {
  createRedisBroadcaster,
  type RedisBroadcasterOptions,
} from "./broadcast-redis.ts";
export {
  createRoomToken,
  injectRoomToken,
  verifyRoomToken,
} from "./room-token.ts";
export {
  createStaticFiles,
  type StaticFilesOptions,
} from "./production/static-files.ts";
export type { PageRewrite, TransformedHtml } from "./production/pages.ts";
export {
  startProductionServer,
  type ProductionServer,
  type ProductionServerOptions,
} from "./production/server.ts";
export {
  createConsoleLogger,
  type LogFields,
  type LogFormat,
  type Logger,
  type LogLevel,
} from "./logger.ts";
export type { Registry } from "./registry.ts";
export type { AddressLimitOptions, RateLimitOptions } from "./rate-limit.ts";
export type { MessageLimits } from "./shape.ts";
export type {
  ConnectHook,
  Consumer,
  ConsumerLike,
  Content,
  DisconnectHook,
  EventHandler,
  Handler,
  Middleware,
  Scope,
  ValidatedContent,
  ValidatedHandler,
} from "./types.ts";
export type { HandlerSchemas, StandardSchemaV1 } from "./validation.ts";
export type { UploadedFile, UploadLimits } from "./upload-limits.ts";
export type { UploadOptions } from "./upload-store.ts";
export {
  DEFAULT_PATH,
  ERROR_CODES,
  type AckFrame,
  type ClientMessage,
  type ErrorCode,
  type ErrorFrame,
  type FormValue,
  type InputIssue,
  type SendData,
  type ServerFrame,
} from "./protocol.ts";
export {
  loadServerBundle,
  MANIFEST_FILE,
  SERVER_ENTRY,
  type BuildManifest,
  type LoadedBundle,
  type ServerBundle,
} from "./production/bundle.ts";
