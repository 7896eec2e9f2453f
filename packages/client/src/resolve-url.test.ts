import { describe, expect, it } from 'vitest';
import { resolveUrl } from './resolve-url.js';

describe('resolveUrl()', () => {
  it.each([
    ['localhost:3000', false, 'ws://localhost:3000/'],
    ['localhost:3000', true, 'wss://localhost:3000/'],
    [
      'example.com:8080/realtime?room=a',
      false,
      'ws://example.com:8080/realtime?room=a',
    ],
    ['ws://127.0.0.1:4000', false, 'ws://127.0.0.1:4000/'],
    ['ws://127.0.0.1:4000', true, 'ws://127.0.0.1:4000/'],
    ['wss://example.com/realtime', false, 'wss://example.com/realtime'],
    ['https://example.com/x#frag', false, 'wss://example.com/x'],
    ['http://example.com', false, 'ws://example.com/'],
    [3000, false, 'ws://localhost:3000/'],
    [3000, true, 'wss://localhost:3000/'],
    ['3000', false, 'ws://localhost:3000/'],
  ])('resolves %j (tls %s) to %s', (input, tls, expected) => {
    expect(resolveUrl(input, tls)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    [0],
    [70000],
    [3.5],
    ['ftp://example.com'],
    ['tcp://example.com:3001'],
    ['ws://'],
  ])('rejects %j with ERR_CLIENT_URL_INVALID', (input) => {
    expect(() => resolveUrl(input, false)).toThrow(
      expect.objectContaining({ code: 'ERR_CLIENT_URL_INVALID' }),
    );
  });
});
