import { describe, expect, it } from 'vitest';
import { toBytes } from './to-bytes.js';

describe('toBytes()', () => {
  it('views an ArrayBuffer whole', () => {
    expect([...toBytes(new Uint8Array([1, 2, 3]).buffer, 'e')]).toEqual([
      1, 2, 3,
    ]);
  });

  it('views only the bytes a typed array or DataView covers', () => {
    const buffer = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]).buffer;
    expect([...toBytes(new Uint8Array(buffer, 2, 3), 'e')]).toEqual([2, 3, 4]);
    expect([...toBytes(new Uint16Array(buffer, 4, 1), 'e')]).toEqual([4, 5]);
    expect([...toBytes(new DataView(buffer, 6), 'e')]).toEqual([6, 7]);
    expect([...toBytes(Buffer.from([9, 8]), 'e')]).toEqual([9, 8]);
  });

  it('refuses what is not bytes with ERR_CLIENT_DATA_INVALID', () => {
    for (const value of ['text', [1, 2], null, { length: 1 }]) {
      expect(() => toBytes(value, 'e')).toThrow(
        expect.objectContaining({ code: 'ERR_CLIENT_DATA_INVALID' }),
      );
    }
  });
});
