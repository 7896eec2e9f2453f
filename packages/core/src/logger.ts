import {
  createLogger as createSharedLogger,
  type LogLevel,
  type Logger,
} from '@stelar/common';

export { LOG_LEVELS } from '@stelar/common';
export type { LogFields, LogFn, LogLevel, Logger } from '@stelar/common';

/**
 * Builds the server's logger for the `logger` option: a level name, `false`
 * for silence, or the user's own logger, used as it is.
 */
export function createLogger(option: LogLevel | Logger | false): Logger {
  // The default logger is the one place the server writes to the console:
  // stderr, so that a program's own stdout stays its own.
  return createSharedLogger(option, 'stelar', (_level, line) =>
    console.error(line),
  );
}
