import { describe, expect, it } from 'vitest';
import {
  CLIENT_ERROR_MESSAGES,
  ClientErrorCode,
  StelarError,
  isStelarError,
} from './errors.js';

describe('ClientErrorCode', () => {
  it('has unique codes shaped ERR_<AREA>_<PROBLEM>, each with a message', () => {
    const codes = Object.values(ClientErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [name, code] of Object.entries(ClientErrorCode)) {
      expect(code).toMatch(/^ERR_[A-Z]+_[A-Z_]+$/);
      expect(code.endsWith(name)).toBe(true);
      const message =
        CLIENT_ERROR_MESSAGES[name as keyof typeof ClientErrorCode];
      expect(message.length).toBeGreaterThan(0);
    }
  });
});

describe('isStelarError()', () => {
  it('recognises a StelarError by its mark, not its class', () => {
    expect(isStelarError(new StelarError('TIMEOUT', 'late'))).toBe(true);
    expect(isStelarError(new Error('plain'))).toBe(false);
    expect(isStelarError({ code: 'TIMEOUT' })).toBe(false);
  });

  it('recognises an error marked by another copy of the library', () => {
    const foreign = new Error('from the server package');
    Object.defineProperty(foreign, Symbol.for('stelar.error'), { value: true });
    expect(isStelarError(foreign)).toBe(true);
  });

  it('keeps code, details and cause', () => {
    const cause = new Error('root');
    const error = new StelarError('X', 'msg', { cause, details: { a: 1 } });
    expect(error).toMatchObject({ code: 'X', details: { a: 1 }, cause });
    expect(error.name).toBe('StelarError');
  });
});
