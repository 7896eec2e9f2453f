import { invalidUrl, isPort } from './resolve-url.js';

const SCHEME_PATTERN = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * The schemes a TCP URL may carry, and whether each asks for TLS. The
 * WebSocket ones are accepted so that one URL serves both modes: only their
 * host and port count.
 */
const SCHEME_IS_SECURE = new Map([
  ['tcp', false],
  ['tls', true],
  ['ws', false],
  ['wss', true],
  ['http', false],
  ['https', true],
]);

const EXPECTED =
  "'host:port', 'tcp://host:port', 'tls://host:port' or a port number";

function tcpUrl(secure: boolean, host: string): string {
  return `${secure ? 'tls' : 'tcp'}://${host}`;
}

function portUrl(port: number, tls: boolean): string {
  if (!isPort(port)) {
    throw invalidUrl(port, 'is not a port from 1 to 65535', EXPECTED);
  }
  return tcpUrl(tls, `localhost:${port}`);
}

/**
 * Turns the URL forms a TCP client accepts into the URL it opens:
 * `tcp://host:port`, or `tls://host:port` when `tls` is set or the scheme
 * is a secure one. Accepted: `'localhost:3001'`, `'tcp://…'`, `'tls://…'`,
 * the WebSocket forms (`'ws://…'`, `'wss://…'`, `'http(s)://…'`), always
 * with a port, or a port number, which means `localhost`. A path or query
 * is ignored: a TCP server has no namespaces.
 *
 * @throws StelarError `ERR_CLIENT_URL_INVALID` when `input` is none of them.
 */
export function resolveTcpUrl(input: string | number, tls: boolean): string {
  if (typeof input === 'number') return portUrl(input, tls);
  if (typeof input !== 'string' || input.trim() === '') {
    throw invalidUrl(input, 'is empty or not a string', EXPECTED);
  }

  const text = input.trim();
  if (/^\d+$/.test(text)) return portUrl(Number(text), tls);
  const scheme = SCHEME_PATTERN.exec(text)?.[1]?.toLowerCase();
  const secure = scheme === undefined ? false : SCHEME_IS_SECURE.get(scheme);
  if (secure === undefined) {
    throw invalidUrl(input, `has the unsupported scheme ${scheme}:`, EXPECTED);
  }

  // Parsed under tcp://, a URL has no default port: `ws://host` would
  // otherwise quietly mean port 80, where no stelar TCP server listens.
  const rest = scheme === undefined ? text : text.slice(scheme.length + 3);
  let url: URL;
  try {
    url = new URL(`tcp://${rest}`);
  } catch {
    throw invalidUrl(input, 'cannot be parsed', EXPECTED);
  }
  if (url.hostname === '') throw invalidUrl(input, 'has no host', EXPECTED);
  if (url.port === '') throw invalidUrl(input, 'has no port', EXPECTED);
  if (!isPort(Number(url.port))) {
    throw invalidUrl(input, 'is not a port from 1 to 65535', EXPECTED);
  }
  return tcpUrl(secure || tls, url.host);
}
