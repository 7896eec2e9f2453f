export { StelarServer } from './stelar-server.js';
export {
  Context,
  CoreErrorCode,
  StelarCore,
  StelarError,
  isStelarError,
} from '@stelar/core';
export type {
  AckHandler,
  ClientInfo,
  ClientSummary,
  ConfigSummary,
  ConnectionHandler,
  EventHandler,
  IIPTracker,
  IRateLimiter,
  LogLevel,
  Logger,
  Middleware,
  RateLimitConfig,
  StelarHooks,
  StelarOptions,
  StelarStats,
  UpdatableOptions,
} from '@stelar/core';
export { CloseCode, RefusalCode } from '@stelar/protocol';
