import { describe, expect, it } from 'vitest';
import {
  CORE_ERROR_MESSAGES,
  CoreErrorCode,
  StelarError,
  isStelarError,
} from './errors.js';

describe('CoreErrorCode', () => {
  it('has unique codes, each named after its key, each with a message', () => {
    const entries = Object.entries(CoreErrorCode);
    const codes = entries.map(([, code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [key, code] of entries) {
      expect(code).toBe(`ERR_${key}`);
      const message = CORE_ERROR_MESSAGES[key as keyof typeof CoreErrorCode];
      expect(message.length).toBeGreaterThan(0);
    }
  });
});

describe('isStelarError()', () => {
  it('recognises a StelarError by its mark, not by instanceof', () => {
    const error = new StelarError('ERR_X', 'x', { details: [1] });
    expect(isStelarError(error)).toBe(true);
    expect(error.details).toEqual([1]);
    expect(isStelarError(new Error('x'))).toBe(false);
    expect(isStelarError({ code: 'ERR_X' })).toBe(false);
    expect(isStelarError(null)).toBe(false);
  });
});
