import { describe, expect, it } from 'vitest';
import { shouldReconnect } from './should-reconnect.js';

describe('shouldReconnect()', () => {
  it.each([
    ['a close without refusal (1001, 1006, 1011, 1013)', null, null, true],
    ['a 1008 after RATE_LIMITED', 'RATE_LIMITED', null, true],
    ['a 429 handshake', null, 429, true],
    ['a 503 handshake', null, 503, true],
    ['a 1008 after REJECTED', 'REJECTED', null, false],
    ['a 403 handshake', null, 403, false],
  ])('answers %s with %s', (_what, refusalCode, httpStatus, expected) => {
    expect(shouldReconnect({ refusalCode, httpStatus })).toBe(expected);
  });
});
