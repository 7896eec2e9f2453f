/** Fields attached to a log line: ids and codes, never payloads. */
export type LogFields = Record<string, unknown>;

/** One log method: `(fields, message)` as pino takes it, or `(message)`. */
export interface LogFn {
  (fields: LogFields, message: string): void;
  (message: string): void;
}

/** Anything with pino's four methods; a pino logger fits. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/** Level names the `logger` option accepts. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A level that writes something. */
export type WritingLevel = Exclude<LogLevel, 'silent'>;

/** Where the default logger writes a finished line of a level. */
export type LineWriter = (level: WritingLevel, line: string) => void;

const LEVEL_RANK: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 100,
};

function noop(): void {}

function safeJson(fields: LogFields): string {
  try {
    return JSON.stringify(fields, (_key, value: unknown) =>
      value instanceof Error
        ? { name: value.name, message: value.message }
        : value,
    );
  } catch {
    return '{}';
  }
}

function writer(level: WritingLevel, name: string, write: LineWriter): LogFn {
  return ((fieldsOrMessage: LogFields | string, message?: string) => {
    const [fields, text] =
      typeof fieldsOrMessage === 'string'
        ? [undefined, fieldsOrMessage]
        : [fieldsOrMessage, message ?? ''];
    const suffix = fields === undefined ? '' : ` ${safeJson(fields)}`;
    write(level, `[${name}] ${level} ${text}${suffix}`);
  }) as LogFn;
}

/**
 * Builds the logger for a `logger` option: a level name, `false` for
 * silence, or the user's own logger, which is used as it is. The default one
 * prefixes its lines with `[name]` and hands them to `write`.
 */
export function createLogger(
  option: LogLevel | Logger | false,
  name: string,
  write: LineWriter,
): Logger {
  if (typeof option === 'object') return option;

  const threshold = LEVEL_RANK[option === false ? 'silent' : option];
  const pick = (level: WritingLevel): LogFn =>
    LEVEL_RANK[level] >= threshold
      ? writer(level, name, write)
      : (noop as LogFn);
  return {
    debug: pick('debug'),
    info: pick('info'),
    warn: pick('warn'),
    error: pick('error'),
  };
}
