export {
  CORE_ERROR_MESSAGES,
  CoreErrorCode,
  StelarError,
  isStelarError,
} from './errors.js';
export type { StelarErrorOptions } from './errors.js';
export { LOG_LEVELS, createLogger } from './logger.js';
export type { LogFields, LogFn, LogLevel, Logger } from './logger.js';
export type {
  IIPTracker,
  IRateLimiter,
  MessageRateLimiter,
  RateLimitConfig,
  RateLimitOptions,
} from './extensions.js';
export type { StelarStats } from './stats.js';
export { Client } from './client.js';
export type { ClientInfo, ClientState } from './client.js';
export { ClientRegistry } from './client-registry.js';
export { RoomRegistry } from './room-registry.js';
export { Context } from './context.js';
export type { PendingRequest } from './context.js';
export { HOOK_NAMES } from './hooks.js';
export type { HookName, HookResult, StelarHooks } from './hooks.js';
export {
  mergeOptions,
  optionsError,
  parseOptions,
  rateLimitConfigSchema,
  stelarOptionsSchema,
} from './options.js';
export type {
  OptionIssue,
  ResolvedOptions,
  StelarOptions,
  UpdatableOptions,
} from './options.js';
export { StelarCore } from './stelar-core.js';
export type { AckHandler, EventHandler } from './router.js';
export type {
  ClientSummary,
  ConnectionHandler,
  Middleware,
  StelarParts,
} from './stelar-core.js';
export type {
  Admission,
  ClientProtocol,
  Connection,
  MessageCodec,
  Transport,
  TransportHost,
  UpgradeRequest,
} from './transport.js';
export { isOriginAllowed } from './is-origin-allowed.js';
export { clientIp } from './client-ip.js';
export type { BinaryData } from './bytes.js';
export { batchWrite, corkUntilTick } from './write-batch.js';
export type { ConfigSummary } from './config-summary.js';
