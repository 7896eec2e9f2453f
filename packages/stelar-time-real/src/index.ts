// The Node.js entry: the server, the client and what both share. Browsers
// get src/browser.ts through the package's "browser" condition.
export { StelarServer } from '@stelar/server';
export { StelarClient, ClientErrorCode } from '@stelar/client';
export {
  Context,
  CoreErrorCode,
  StelarCore,
  StelarError,
  isStelarError,
} from '@stelar/core';
export type {
  AckHandler,
  BinaryData,
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
  UpgradeRequest,
} from '@stelar/core';
export type {
  ClientEventMap,
  ClientHooks,
  ClientState,
  StelarClientOptions,
} from '@stelar/client';
export { CloseCode, RefusalCode } from '@stelar/protocol';
