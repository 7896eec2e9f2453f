// The browser entry: the native WebSocket, never `ws` or `node:*`. The
// Node.js entry, index.node.ts, exports the same names.
export { StelarClient } from './stelar-client.js';
export { ClientErrorCode, StelarError, isStelarError } from './errors.js';
export { RefusalCode } from '@stelar/protocol';
export type {
  ClientEventMap,
  DisconnectInfo,
  EmitOptions,
} from './client-events.js';
export type { ClientHooks } from './client-hooks.js';
export type { ClientState } from './client-state.js';
export type { LogFields, LogFn, LogLevel, Logger } from './logger.js';
export type {
  OptionIssue,
  ResolvedClientOptions,
  StelarClientOptions,
} from './options.js';
export type { StelarErrorOptions } from './errors.js';
