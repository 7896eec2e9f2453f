import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp } from '@stelar/core';
import { isWellFormedHandshake, pathOf } from './handshake.js';

function request(
  headers: Record<string, string>,
  method = 'GET',
): IncomingMessage {
  return { method, headers } as unknown as IncomingMessage;
}

const GOOD = {
  upgrade: 'websocket',
  'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'sec-websocket-version': '13',
};

describe('isWellFormedHandshake()', () => {
  it('accepts a standard handshake', () => {
    expect(isWellFormedHandshake(request(GOOD))).toBe(true);
    expect(
      isWellFormedHandshake(request({ ...GOOD, upgrade: 'WebSocket' })),
    ).toBe(true);
  });

  it('refuses a bad method, key or version', () => {
    expect(isWellFormedHandshake(request(GOOD, 'POST'))).toBe(false);
    const badKey = { ...GOOD, 'sec-websocket-key': 'short' };
    expect(isWellFormedHandshake(request(badKey))).toBe(false);
    const badVersion = { ...GOOD, 'sec-websocket-version': '12' };
    expect(isWellFormedHandshake(request(badVersion))).toBe(false);
  });
});

describe('pathOf()', () => {
  it('drops the query string and fragment', () => {
    expect(pathOf('/realtime?token=1')).toBe('/realtime');
    expect(pathOf('/a#b')).toBe('/a');
    expect(pathOf(undefined)).toBe('/');
  });
});

describe('clientIp()', () => {
  it('reduces IPv4-mapped IPv6 addresses to IPv4', () => {
    expect(clientIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(clientIp('::1')).toBe('::1');
    expect(clientIp('10.0.0.2')).toBe('10.0.0.2');
    expect(clientIp(undefined)).toBe('unknown');
  });
});
