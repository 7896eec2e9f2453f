import type { IncomingMessage as HttpResponse } from 'node:http';
import WebSocket from 'ws';
import type { Link, LinkEvents, LinkOptions, OutgoingMessage } from './link.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { decodeWsBinary, decodeWsText, encodeWsFrame } from './ws-codec.js';

const LINK = Symbol('stelar.link');

/**
 * The close code ws sends when it fails a frame of the peer (its error
 * codes are public, its close codes are not). ws then sees no close frame
 * back and reports 1006; the code it sent says more.
 */
function closeCodeOf(error: Error & { code?: unknown }): number | null {
  const code = error.code;
  if (typeof code !== 'string' || !code.startsWith('WS_ERR_')) return null;
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return 1009;
  if (code === 'WS_ERR_INVALID_UTF8') return 1007;
  return 1002;
}

interface TaggedSocket extends WebSocket {
  [LINK]: WsLink;
}

/**
 * The WebSocket link of Node.js, on the `ws` package: handshake headers,
 * certificate checks, a frame size limit, the handshake's HTTP status, and
 * pings it can both send and see.
 */
export class WsLink implements Link {
  readonly pingsVisible = true;
  /** @internal */
  readonly events: LinkEvents;
  /** @internal */
  readonly options: LinkOptions;
  /** @internal Set once the server answered the handshake with a status. */
  refused = false;
  /** @internal The code ws closed with after failing a frame. */
  failedWith: number | null = null;
  private socket: WebSocket | null = null;

  constructor(options: LinkOptions, events: LinkEvents) {
    this.options = options;
    this.events = events;
  }

  open(): void {
    const { url, headers, rejectUnauthorized, maxFrameSize } = this.options;
    const socket = new WebSocket(url, {
      headers: { ...headers },
      rejectUnauthorized,
      maxPayload: maxFrameSize,
    }) as TaggedSocket;
    socket[LINK] = this;
    socket.on('open', socketOnOpen);
    socket.on('message', socketOnMessage);
    socket.on('ping', socketOnLife);
    socket.on('pong', socketOnLife);
    socket.on('unexpected-response', socketOnUnexpectedResponse);
    socket.on('error', socketOnError);
    socket.on('close', socketOnClose);
    this.socket = socket;
  }

  send(message: OutgoingMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(encodeWsFrame(message));
    return true;
  }

  probe(): void {
    // ws answers a ping with a pong by itself, the server's ws too: an idle
    // link shows life whatever the server's own ping period.
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.ping();
  }

  close(code: number, reason: string): void {
    const socket = this.socket;
    if (socket === null) return;
    if (socket.readyState === WebSocket.OPEN) socket.close(code, reason);
    else socket.terminate();
  }

  abort(): void {
    this.socket?.terminate();
  }
}

function linkOf(socket: WebSocket): WsLink {
  return (socket as TaggedSocket)[LINK];
}

function socketOnOpen(this: WebSocket): void {
  const link = linkOf(this);
  link.events.opened(link);
}

function socketOnMessage(
  this: WebSocket,
  data: Buffer,
  isBinary: boolean,
): void {
  const link = linkOf(this);
  if (data.length > link.options.maxPayloadSize) {
    link.events.oversized(link, data.length);
    return;
  }
  const message = isBinary
    ? decodeWsBinary(data)
    : decodeWsText(data.toString('utf8'));
  link.events.received(link, message);
}

function socketOnLife(this: WebSocket): void {
  const link = linkOf(this);
  link.events.alive(link);
}

function socketOnUnexpectedResponse(
  this: WebSocket,
  _request: unknown,
  response: HttpResponse,
): void {
  const link = linkOf(this);
  link.refused = true;
  const retryAfter = response.headers['retry-after'];
  link.events.refused(link, {
    status: response.statusCode ?? 0,
    retryAfterMs: parseRetryAfter(retryAfter),
  });
  // With a listener for this event, ws leaves the response to us: read it
  // to the end so the socket is freed, then drop the attempt.
  response.resume();
  this.terminate();
}

function socketOnError(this: WebSocket, error: Error): void {
  const link = linkOf(this);
  // After a refused handshake, ws reports the abort it was asked for; the
  // refusal already said why.
  if (link.refused) return;
  link.failedWith = closeCodeOf(error);
  link.events.failed(link, error);
}

function socketOnClose(this: WebSocket, code: number, reason: Buffer): void {
  const link = linkOf(this);
  const sent = code === 1006 ? link.failedWith : null;
  link.events.closed(link, sent ?? code, reason.toString('utf8'));
}
