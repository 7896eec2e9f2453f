import {
  RefusalCode,
  isReservedEventName,
  isValidEventName,
} from '@stelar/protocol';
import { StelarError } from './errors.js';

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Checks a name the client is about to send, as the server would. The code
 * is the one the server would answer with, so a caller checks one code
 * wherever the mistake is caught.
 *
 * @throws StelarError `INVALID_EVENT` for a malformed or reserved name.
 */
export function assertEventName(
  name: unknown,
  what: string,
): asserts name is string {
  if (!isValidEventName(name)) {
    throw new StelarError(
      RefusalCode.INVALID_EVENT,
      `${what} ${show(name)} is not a valid event name: 1 to 256 ASCII letters, digits and _ - . / :`,
    );
  }
  if (isReservedEventName(name)) {
    throw new StelarError(
      RefusalCode.INVALID_EVENT,
      `${what} "${name}" is reserved by the protocol`,
    );
  }
}
