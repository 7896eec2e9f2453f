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
