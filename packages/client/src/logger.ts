import {
  createLogger as createSharedLogger,
  type LogLevel,
  type Logger,
} from '@stelar/common';

export { LOG_LEVELS } from '@stelar/common';
export type { LogFields, LogFn, LogLevel, Logger } from '@stelar/common';

/**
 * Builds the client's logger for the `logger` option: a level name, `false`
 * for silence, or the user's own logger, used as it is.
 */
export function createLogger(option: LogLevel | Logger | false): Logger {
  // The client's one use of the console. warn and error both write to
  // stderr in Node.js, so a program's stdout stays its own; a browser shows
  // them at their own level.
  return createSharedLogger(option, 'stelar-client', (level, line) =>
    (level === 'error' ? console.error : console.warn)(line),
  );
}
