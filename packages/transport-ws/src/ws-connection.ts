import type { IncomingMessage } from 'node:http';
import type { Client, Connection, Transport } from '@stelar/core';
import { PROTOCOL_VERSION, ProtocolEvent } from '@stelar/protocol';
import WebSocket from 'ws';
import type { WsFrame } from './ws-codec.js';

/** One client's WebSocket, as the transport holds it. */
export class WsConnection implements Connection {
  readonly transport: Transport;
  readonly req: IncomingMessage;
  readonly socket: WebSocket;
  /** Set right after the kernel registers the connection. */
  client: Client | null = null;
  /** Last time any frame arrived, for the heartbeat sweep. */
  lastSeenAt: number;

  constructor(transport: Transport, socket: WebSocket, req: IncomingMessage) {
    this.transport = transport;
    this.socket = socket;
    this.req = req;
    this.lastSeenAt = Date.now();
  }

  write(frame: unknown): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(frame as WsFrame);
  }

  accept(clientId: string): void {
    const welcome = { id: clientId, v: PROTOCOL_VERSION };
    this.write(JSON.stringify({ event: ProtocolEvent.WELCOME, data: welcome }));
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
