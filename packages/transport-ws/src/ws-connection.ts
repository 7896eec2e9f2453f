import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  batchWrite,
  type Client,
  type Connection,
  type Transport,
  type UpgradeRequest,
} from '@stelar/core';
import { PROTOCOL_VERSION, ProtocolEvent } from '@stelar/protocol';
import WebSocket from 'ws';
import { WsFrame } from './ws-frame.js';
import type { WsTransport } from './ws-transport.js';

/** One client's WebSocket, as the transport holds it. */
export class WsConnection implements Connection {
  readonly transport: Transport;
  req: IncomingMessage | UpgradeRequest;
  readonly socket: WebSocket;
  /** Set right after the kernel registers the connection. */
  client: Client | null = null;
  /** The heartbeat sweep count when a frame last arrived. */
  lastSeenTick: number;
  /**
   * The TCP socket under the WebSocket, as the upgrade handed it over. Frames
   * go to it directly when no extension transforms them.
   */
  private readonly stream: Duplex;
  private readonly compressed: boolean;

  constructor(
    transport: Transport,
    socket: WebSocket,
    req: IncomingMessage,
    stream: Duplex,
  ) {
    this.transport = transport;
    this.socket = socket;
    this.req = req;
    this.stream = stream;
    // With permessage-deflate negotiated each frame is compressed for its
    // own connection, so it must go through ws; ws's Sender queues nothing
    // otherwise, which is what makes writing around it keep the order.
    this.compressed = socket.extensions !== '';
    this.lastSeenTick = (transport as WsTransport).tick;
  }

  write(frame: unknown): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    const message = frame as WsFrame;
    if (this.compressed) {
      this.socket.send(message.payload, { binary: message.binary });
    } else {
      batchWrite(this.stream, message.bytes);
    }
  }

  bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  accept(clientId: string): void {
    const welcome = { id: clientId, v: PROTOCOL_VERSION };
    const text = JSON.stringify({
      event: ProtocolEvent.WELCOME,
      data: welcome,
    });
    this.write(WsFrame.text(text));
    const { method, url, headers, httpVersion } = this.req;
    this.req = { method, url, headers: keptHeaders(headers), httpVersion };
  }

  close(code: number, reason: string): void {
    const state = this.socket.readyState;
    if (state === WebSocket.CLOSING || state === WebSocket.CLOSED) return;
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }
}

/**
 * The request headers a handler may still need once the handshake is done:
 * all but the `sec-websocket-*` ones, which only served the handshake. A
 * server keeps one set per client, so what serves no one is not kept.
 */
function keptHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  // From entries, never by assignment: a header may be named __proto__.
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => !name.startsWith('sec-websocket-'),
    ),
  );
}
