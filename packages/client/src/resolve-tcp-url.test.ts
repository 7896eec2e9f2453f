import { describe, expect, it } from 'vitest';
import { resolveTcpUrl } from './resolve-tcp-url.js';

describe('resolveTcpUrl()', () => {
  it.each([
    ['localhost:3001', false, 'tcp://localhost:3001'],
    ['localhost:3001', true, 'tls://localhost:3001'],
    ['tcp://10.0.0.7:3001', false, 'tcp://10.0.0.7:3001'],
    ['tcp://10.0.0.7:3001', true, 'tls://10.0.0.7:3001'],
    ['TLS://example.com:3001', false, 'tls://example.com:3001'],
    ['ws://example.com:3001/realtime?x=1', false, 'tcp://example.com:3001'],
    ['wss://example.com:443', false, 'tls://example.com:443'],
    ['http://example.com:80', false, 'tcp://example.com:80'],
    ['tcp://[::1]:3001', false, 'tcp://[::1]:3001'],
    [3001, false, 'tcp://localhost:3001'],
    [3001, true, 'tls://localhost:3001'],
    ['3001', false, 'tcp://localhost:3001'],
  ])('resolves %j (tls %s) to %s', (input, tls, expected) => {
    expect(resolveTcpUrl(input, tls)).toBe(expected);
  });

  it.each([
    ['localhost'],
    ['ws://example.com'],
    ['tcp://example.com:0'],
    ['tcp://example.com:70000'],
    ['tcp://:3001'],
    ['tcp://'],
    ['udp://example.com:3001'],
    ['constructor://example.com:3001'],
    [0],
  ])('rejects %j with ERR_CLIENT_URL_INVALID', (input) => {
    expect(() => resolveTcpUrl(input, false)).toThrow(
      expect.objectContaining({
        code: 'ERR_CLIENT_URL_INVALID',
        message: expect.stringContaining("'tcp://host:port'"),
      }),
    );
  });
});
