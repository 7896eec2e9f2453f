/** Options accepted by {@link StelarError}. */
export interface StelarErrorOptions {
  cause?: unknown;
  details?: unknown;
}

const STELAR_ERROR_MARK = Symbol.for('stelar.error');

/**
 * The one error class of stelar-time-real. `code` is a stable string:
 * `ERR_<AREA>_<PROBLEM>` for errors of the library's API, or an
 * application's own code when a handler throws one to its client.
 */
export class StelarError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(code: string, message: string, options: StelarErrorOptions = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'StelarError';
    this.code = code;
    this.details = options.details;
    Object.defineProperty(this, STELAR_ERROR_MARK, { value: true });
  }
}

/**
 * Tells whether `error` is a {@link StelarError}, also one made by another
 * copy of this package (so no `instanceof`).
 */
export function isStelarError(error: unknown): error is StelarError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[STELAR_ERROR_MARK] === true
  );
}

/** The error codes of `@stelar/core`. */
export const CoreErrorCode = {
  OPTIONS_INVALID: 'ERR_OPTIONS_INVALID',
  CLIENT_ID_DUPLICATE: 'ERR_CLIENT_ID_DUPLICATE',
  CLIENT_ID_INVALID: 'ERR_CLIENT_ID_INVALID',
  HANDLER_INVALID: 'ERR_HANDLER_INVALID',
  EVENT_NAME_INVALID: 'ERR_EVENT_NAME_INVALID',
  SERVER_STATE: 'ERR_SERVER_STATE',
} as const;

/** Message of each core error code, for the registry test. */
export const CORE_ERROR_MESSAGES: Record<keyof typeof CoreErrorCode, string> = {
  OPTIONS_INVALID: 'the options failed validation',
  CLIENT_ID_DUPLICATE: 'generateClientId returned an id already in use',
  CLIENT_ID_INVALID: 'generateClientId returned something other than a string',
  HANDLER_INVALID: 'a handler or middleware is not a function',
  EVENT_NAME_INVALID: 'a handler was registered for a name no client can send',
  SERVER_STATE: 'the server is not in a state that allows this call',
};
