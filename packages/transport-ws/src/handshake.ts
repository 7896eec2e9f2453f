import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

const KEY_PATTERN = /^[+/0-9A-Za-z]{22}==$/;

/**
 * Tells whether an upgrade request is a well-formed WebSocket handshake, so
 * that a malformed one is answered `400` before it costs a reservation.
 */
export function isWellFormedHandshake(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade;
  const key = req.headers['sec-websocket-key'];
  const version = req.headers['sec-websocket-version'];
  return (
    req.method === 'GET' &&
    typeof upgrade === 'string' &&
    upgrade.toLowerCase() === 'websocket' &&
    typeof key === 'string' &&
    KEY_PATTERN.test(key) &&
    (version === '13' || version === '8')
  );
}

/** Answers a refused upgrade with a plain HTTP status and closes the socket. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  headers: Record<string, string> = {},
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const reason = STATUS_CODES[status] ?? 'Error';
  const lines = [
    `HTTP/1.1 ${status} ${reason}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(reason)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  // A peer that never closes its side would keep the socket, outside every
  // connection limit: it is destroyed after a short grace. Until then, what
  // it sends is read and dropped, so the close is not a reset that could
  // cost it the status line, and its errors cannot reach the process.
  socket.on('error', ignoreError);
  socket.resume();
  socket.end(`${lines.join('\r\n')}\r\n\r\n${reason}`);
  const timer = setTimeout(destroySocket, REFUSED_LINGER_MS, socket);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/** How long a refused socket may stay before it is destroyed, in ms. */
const REFUSED_LINGER_MS = 2000;

function ignoreError(): void {}

function destroySocket(socket: Duplex): void {
  socket.destroy();
}

/** The path of a request URL, without its query string. */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
