import { describe, expect, it } from 'vitest';

import * as ratelimit from './index.js';

describe('@stelar/ratelimit', () => {
  it('exports exactly its public runtime surface', () => {
    expect(Object.keys(ratelimit).sort()).toEqual([
      'IPTracker',
      'RATE_LIMIT_ERROR_MESSAGES',
      'RateLimitErrorCode',
      'RateLimiter',
      'TokenBucket',
    ]);
  });
});
