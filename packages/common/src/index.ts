export { StelarError, isStelarError } from './stelar-error.js';
export type { StelarErrorOptions } from './stelar-error.js';
export { LOG_LEVELS, createLogger } from './logger.js';
export type {
  LineWriter,
  LogFields,
  LogFn,
  LogLevel,
  Logger,
  WritingLevel,
} from './logger.js';
