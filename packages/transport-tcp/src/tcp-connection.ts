import type { Socket } from 'node:net';
import {
  batchWrite,
  type Client,
  type Connection,
  type Transport,
} from '@stelar/core';
import {
  CloseCode,
  FrameDecoder,
  FrameType,
  encodeFrame,
} from '@stelar/protocol';
import type { TcpTransport } from './tcp-transport.js';

const DISCONNECT_FRAME = encodeFrame(FrameType.DISCONNECT, '');

/** One TCP client's socket and stream decoder, as the transport holds them. */
export class TcpConnection implements Connection {
  readonly transport: Transport;
  readonly req = null;
  readonly socket: Socket;
  readonly decoder: FrameDecoder;
  /** Set right after the kernel registers the connection. */
  client: Client | null = null;
  /** The heartbeat sweep count when bytes last arrived. */
  lastSeenTick: number;
  /** Set once the server has decided to close; later input is ignored. */
  closing = false;

  constructor(transport: Transport, socket: Socket, maxFrameSize: number) {
    this.transport = transport;
    this.socket = socket;
    this.decoder = new FrameDecoder(maxFrameSize);
    this.lastSeenTick = (transport as TcpTransport).tick;
  }

  write(frame: unknown): void {
    if (this.closing || !this.socket.writable) return;
    batchWrite(this.socket, frame as Uint8Array);
  }

  bufferedBytes(): number {
    return this.socket.writableLength;
  }

  accept(clientId: string): void {
    this.write(encodeFrame(FrameType.CONNECT, 'connect', clientId));
  }

  /**
   * Ends the stream after a last frame: DISCONNECT when the server shuts
   * down, ERROR with the reason for any other close but a normal one.
   */
  close(code: number, reason: string): void {
    if (this.closing) return;
    let last: Uint8Array | undefined;
    if (code === CloseCode.GOING_AWAY) last = DISCONNECT_FRAME;
    else if (code !== CloseCode.NORMAL) {
      last = encodeFrame(FrameType.ERROR, 'error', reason);
    }
    this.closing = true;
    if (this.socket.writable) {
      if (last === undefined) this.socket.end();
      else this.socket.end(last);
    } else {
      this.socket.destroy();
    }
  }

  terminate(): void {
    this.closing = true;
    this.socket.destroy();
  }
}
