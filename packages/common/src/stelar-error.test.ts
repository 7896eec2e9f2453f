import { describe, expect, it } from 'vitest';
import { StelarError, isStelarError } from './stelar-error.js';

describe('isStelarError()', () => {
  it('recognises a StelarError by its mark, not by instanceof', () => {
    const error = new StelarError('ERR_X', 'x', { details: [1] });
    expect(isStelarError(error)).toBe(true);
    expect(error.details).toEqual([1]);
    expect(error.code).toBe('ERR_X');
    expect(isStelarError(new Error('x'))).toBe(false);
    expect(isStelarError({ code: 'ERR_X' })).toBe(false);
    expect(isStelarError(null)).toBe(false);
  });

  it('recognises an error marked by another copy of the class', () => {
    const foreign = new Error('x');
    Object.defineProperty(foreign, Symbol.for('stelar.error'), { value: true });
    expect(isStelarError(foreign)).toBe(true);
  });
});
