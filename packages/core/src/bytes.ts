/** Binary data as callers hand it over: a buffer or any view of one. */
export type BinaryData = ArrayBuffer | ArrayBufferView;

/**
 * A `Uint8Array` over exactly the bytes of `data`, without copying: a typed
 * array or DataView contributes only the bytes it views.
 */
export function toBytes(data: BinaryData): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return new Uint8Array(data);
}
