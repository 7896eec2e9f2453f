import { ClientErrorCode, StelarError } from './errors.js';

/**
 * Serialises the data of `event` once, at the call: a bad payload fails
 * where it was given, not later when a queued message goes out. Absent data
 * (and what JSON drops, such as a function) stays `undefined`.
 *
 * @throws StelarError `ERR_CLIENT_DATA_INVALID` for a cycle, a BigInt or a
 * throwing toJSON.
 */
export function serializeData(
  event: string,
  data: unknown,
): string | undefined {
  try {
    return JSON.stringify(data);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new StelarError(
      ClientErrorCode.DATA_INVALID,
      `data of "${event}" cannot be serialised to JSON: ${why}`,
      { cause },
    );
  }
}
