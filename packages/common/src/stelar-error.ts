/** Options accepted by {@link StelarError}. */
export interface StelarErrorOptions {
  cause?: unknown;
  details?: unknown;
}

// A registered symbol, so that errors made by another copy of this package
// (a server and a client bundled apart) are recognised too.
const STELAR_ERROR_MARK = Symbol.for('stelar.error');

/**
 * The one error class of stelar-time-real, on the server and in the client.
 * `code` is a stable string: `ERR_<AREA>_<PROBLEM>` for errors of the
 * library's API, a refusal code of the wire protocol, or an application's own
 * code sent by a handler.
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
 * copy of the library (so no `instanceof`).
 */
export function isStelarError(error: unknown): error is StelarError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[STELAR_ERROR_MARK] === true
  );
}
