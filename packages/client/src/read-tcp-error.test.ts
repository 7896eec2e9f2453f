import { describe, expect, it } from 'vitest';
import { readTcpError } from './read-tcp-error.js';

describe('readTcpError()', () => {
  it.each([
    ['server full, retry later', 503],
    ['server not running', 503],
    ['too many connections from this address, retry later', 429],
  ])('reads %j before CONNECT as an admission refusal %s', (reason, status) => {
    expect(readTcpError(reason, false, null)).toEqual({
      kind: 'refused',
      refusal: { status, retryAfterMs: null, reason },
    });
  });

  it.each([
    ['rate limit exceeded', true, 'RATE_LIMITED', 1008],
    ['members only', false, 'REJECTED', 1008],
    ['slow consumer', true, null, 1013],
    ['frame length 9000 exceeds maxFrameSize 100', true, null, 1009],
    ['event length 5 overruns a frame of 8 bytes', true, null, 1009],
    ['client id in use', false, null, 1011],
    ['server full, retry later', true, null, 1011],
  ])(
    'reads %j (accepted %s, after %s) as a %s close',
    (reason, accepted, refusalCode, code) => {
      expect(readTcpError(reason, accepted, refusalCode)).toEqual({
        kind: 'closing',
        code,
      });
    },
  );
});
