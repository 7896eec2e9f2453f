import { ClientErrorCode, StelarError } from './errors.js';

/**
 * Views binary data as bytes without copying: an `ArrayBuffer` whole, any
 * typed array, `DataView` or Node.js `Buffer` as exactly the bytes it views
 * (never the rest of its underlying buffer).
 *
 * @throws StelarError `ERR_CLIENT_DATA_INVALID` for anything else.
 */
export function toBytes(data: unknown, event: string): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  throw new StelarError(
    ClientErrorCode.DATA_INVALID,
    `binary data of "${event}" must be an ArrayBuffer, a typed array, a DataView or a Buffer, got ${describe(data)}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return value.constructor?.name ?? 'an object';
}
