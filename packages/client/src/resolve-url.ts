import { ClientErrorCode, StelarError } from './errors.js';

const SCHEME_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;

/** http(s) URLs name the same server; WebSocket wants ws(s). */
const WEBSOCKET_SCHEME: Record<string, string> = {
  'ws:': 'ws:',
  'wss:': 'wss:',
  'http:': 'ws:',
  'https:': 'wss:',
};

const EXPECTED = "'host:port', 'ws://…', 'wss://…' or a port number";

/** `ERR_CLIENT_URL_INVALID`, saying why and which forms would do. */
export function invalidUrl(
  input: unknown,
  why: string,
  expected = EXPECTED,
): StelarError {
  return new StelarError(
    ClientErrorCode.URL_INVALID,
    `url ${JSON.stringify(input)} ${why}; expected ${expected}`,
  );
}

/** Whether `port` is a TCP port a client can connect to. */
export function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

function portUrl(port: number, tls: boolean): string {
  if (!isPort(port)) throw invalidUrl(port, 'is not a port from 1 to 65535');
  return `${tls ? 'wss' : 'ws'}://localhost:${port}/`;
}

/**
 * Turns the URL forms a client accepts into the WebSocket URL it opens
 * (TCP URLs: `resolve-tcp-url.ts`, in the Node.js build only):
 * `'localhost:3000'` (with `tls`, `wss://`), `'ws://…'`, `'wss://…'`,
 * `'http(s)://…'`, or a port number, which means `localhost`.
 *
 * @throws StelarError `ERR_CLIENT_URL_INVALID` when `input` is none of them.
 */
export function resolveUrl(input: string | number, tls: boolean): string {
  if (typeof input === 'number') return portUrl(input, tls);
  if (typeof input !== 'string' || input.trim() === '') {
    throw invalidUrl(input, 'is empty or not a string');
  }

  const text = input.trim();
  if (/^\d+$/.test(text)) return portUrl(Number(text), tls);
  const withScheme = SCHEME_PATTERN.test(text)
    ? text
    : `${tls ? 'wss' : 'ws'}://${text}`;

  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalidUrl(input, 'cannot be parsed');
  }
  const scheme = WEBSOCKET_SCHEME[url.protocol];
  if (scheme === undefined) {
    throw invalidUrl(input, `has the unsupported scheme ${url.protocol}`);
  }
  if (url.hostname === '') throw invalidUrl(input, 'has no host');
  url.protocol = scheme;
  url.hash = '';
  return url.href;
}
