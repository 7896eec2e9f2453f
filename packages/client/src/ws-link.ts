import { utf8ByteLength } from '@stelar/protocol';
import type { Link, LinkEvents, LinkOptions, OutgoingMessage } from './link.js';
import {
  decodeWsBinary,
  decodeWsText,
  encodeWsFrame,
  encodeWsPong,
} from './ws-codec.js';

const LINK = Symbol('stelar.link');

interface TaggedSocket extends WebSocket {
  [LINK]: WsLink;
}

/**
 * The WebSocket link of browsers, on the native `WebSocket`.
 *
 * LIMITATION: a page sees neither the handshake's HTTP status nor the
 * server's pings, and cannot bound a frame's size: a refused handshake looks
 * like any failed connection (the client backs off and retries), silence is
 * not taken as death (see `pingsVisible`), and `maxFrameSize` has no effect
 * (`maxPayloadSize` still drops an oversized message once it has arrived).
 * Lifts only if browsers expose those parts of the protocol.
 */
export class WsLink implements Link {
  readonly pingsVisible = false;
  /** @internal */
  readonly events: LinkEvents;
  /** @internal */
  readonly options: LinkOptions;
  private socket: WebSocket | null = null;

  constructor(options: LinkOptions, events: LinkEvents) {
    this.options = options;
    this.events = events;
  }

  open(): void {
    const socket = new WebSocket(this.options.url) as TaggedSocket;
    socket.binaryType = 'arraybuffer';
    socket[LINK] = this;
    socket.addEventListener('open', socketOnOpen);
    socket.addEventListener('message', socketOnMessage);
    socket.addEventListener('error', socketOnError);
    socket.addEventListener('close', socketOnClose);
    this.socket = socket;
  }

  send(message: OutgoingMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(encodeWsFrame(message));
    return true;
  }

  probe(): void {
    // A page cannot send a WebSocket ping. The protocol's pong message is
    // the liveness signal of browsers (never rate-charged); writing it also
    // makes the TCP stack notice a dead peer sooner than an idle socket.
    if (this.socket?.readyState === WebSocket.OPEN)
      this.socket.send(encodeWsPong());
  }

  close(code: number, reason: string): void {
    this.socket?.close(code, reason);
  }

  abort(): void {
    // Browsers have no terminate(); 1000 is the one code below 3000 a page
    // may send, and the link is let go of at once either way.
    this.socket?.close(1000, 'abandoned');
  }
}

function linkOf(socket: EventTarget | null): WsLink {
  return (socket as TaggedSocket)[LINK];
}

function socketOnOpen(this: WebSocket): void {
  const link = linkOf(this);
  link.events.opened(link);
}

function socketOnMessage(this: WebSocket, event: MessageEvent): void {
  const link = linkOf(this);
  const data: unknown = event.data;
  const isText = typeof data === 'string';
  const max = link.options.maxPayloadSize;
  const size = isText ? textSize(data, max) : (data as ArrayBuffer).byteLength;
  if (size > max) {
    link.events.oversized(link, size);
    return;
  }
  const message = isText
    ? decodeWsText(data)
    : decodeWsBinary(new Uint8Array(data as ArrayBuffer));
  link.events.received(link, message);
}

/**
 * The UTF-8 size of `text`, counted only when it could exceed `max`: a
 * UTF-16 unit encodes to at most 3 bytes, so short texts need no scan.
 */
function textSize(text: string, max: number): number {
  return text.length * 3 <= max ? text.length : utf8ByteLength(text);
}

function socketOnError(this: WebSocket): void {
  const link = linkOf(this);
  // The event carries no detail, by design of browsers: a page must not
  // learn why a foreign host refused it.
  link.events.failed(
    link,
    new Error(`the WebSocket to ${link.options.url} failed`),
  );
}

function socketOnClose(this: WebSocket, event: CloseEvent): void {
  const link = linkOf(this);
  link.events.closed(link, event.code, event.reason);
}
