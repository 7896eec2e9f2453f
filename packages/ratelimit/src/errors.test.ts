import { describe, expect, it } from 'vitest';

import { RATE_LIMIT_ERROR_MESSAGES, RateLimitErrorCode } from './errors.js';

describe('RateLimitErrorCode', () => {
  it('holds unique codes', () => {
    const codes = Object.values(RateLimitErrorCode);

    expect(new Set(codes).size).toBe(codes.length);
  });

  it('names each code after its key', () => {
    for (const [key, code] of Object.entries(RateLimitErrorCode)) {
      expect(code).toBe(`ERR_${key}`);
    }
  });

  it('has a message for each code and none besides', () => {
    expect(Object.keys(RATE_LIMIT_ERROR_MESSAGES).sort()).toEqual(
      Object.keys(RateLimitErrorCode).sort(),
    );
    for (const message of Object.values(RATE_LIMIT_ERROR_MESSAGES)) {
      expect(message.length).toBeGreaterThan(0);
    }
  });
});
