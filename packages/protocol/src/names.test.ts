import { describe, expect, it } from 'vitest';
import {
  isReservedEventName,
  isValidEventName,
  isValidRoomName,
  utf8ByteLength,
} from './names.js';

describe('isValidEventName()', () => {
  it('accepts letters, digits and _ - . / :', () => {
    expect(isValidEventName('chat')).toBe(true);
    expect(isValidEventName('a_b-c.d/e:f9')).toBe(true);
  });

  it('rejects empty, long and non-ASCII names', () => {
    expect(isValidEventName('')).toBe(false);
    expect(isValidEventName('x'.repeat(257))).toBe(false);
    expect(isValidEventName('x'.repeat(256))).toBe(true);
    expect(isValidEventName('chät')).toBe(false);
    expect(isValidEventName('a b')).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(isValidEventName(42)).toBe(false);
    expect(isValidEventName(null)).toBe(false);
  });
});

describe('isReservedEventName()', () => {
  it('reserves the protocol events and the stelar: prefix', () => {
    expect(isReservedEventName('connect')).toBe(true);
    expect(isReservedEventName('join-room')).toBe(true);
    expect(isReservedEventName('stelar:anything')).toBe(true);
    expect(isReservedEventName('chat')).toBe(false);
  });
});

describe('isValidRoomName()', () => {
  it('accepts 1 to 256 UTF-8 bytes', () => {
    expect(isValidRoomName('a')).toBe(true);
    expect(isValidRoomName('é'.repeat(128))).toBe(true);
    expect(isValidRoomName('é'.repeat(129))).toBe(false);
  });

  it('rejects empty names and non-strings', () => {
    expect(isValidRoomName('')).toBe(false);
    expect(isValidRoomName(7)).toBe(false);
    expect(isValidRoomName({})).toBe(false);
  });
});

describe('utf8ByteLength()', () => {
  it('counts bytes like TextEncoder', () => {
    const samples = ['', 'abc', 'é', '€', '😀', 'a😀é€', '\ud800'];
    for (const text of samples) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
