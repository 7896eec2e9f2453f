import type { IncomingMessage } from 'node:http';
import type { CorrelationId, RefusalDetails } from '@stelar/protocol';
import type { Client } from './client.js';
import type { Logger } from './logger.js';
import type { ResolvedOptions } from './options.js';

/** The transport a client came through. */
export type ClientProtocol = 'ws' | 'tcp';

/**
 * Encodes outgoing messages for one transport. The kernel encodes a message
 * once per transport and writes the same frame to every recipient on it.
 */
export interface MessageCodec<Frame = unknown> {
  event(event: string, data: unknown): Frame;
  binary(event: string, payload: Uint8Array): Frame;
  ack(name: string, data: unknown): Frame;
  ackReply(name: string, correlationId: CorrelationId, data: unknown): Frame;
  ackError(
    name: string,
    correlationId: CorrelationId,
    code: string,
    message: string,
  ): Frame;
  refusal(code: string, message: string, details?: RefusalDetails): Frame;
}

/** What a transport hands the kernel for each incoming message, decoded. */
export type {
  ClientMessage,
  BinaryClientMessage,
  DecodeFailure,
} from '@stelar/protocol';

/**
 * What stays of the HTTP upgrade request once a client is accepted. During
 * admission, connection middleware sees the whole `IncomingMessage`; after
 * it, only these fields are kept (the WebSocket transport also drops the
 * handshake's own `sec-websocket-*` headers), since a server holds one per
 * client and the full request with its stream state costs about a kilobyte.
 */
export type UpgradeRequest = Pick<
  IncomingMessage,
  'method' | 'url' | 'headers' | 'httpVersion'
>;

/** One client's link, as its transport holds it. */
export interface Connection {
  readonly transport: Transport;
  /** The HTTP upgrade request; `null` for TCP clients. */
  readonly req: UpgradeRequest | null;
  /** The underlying socket (a `ws` WebSocket, or a `net.Socket`). */
  readonly socket: unknown;
  /** Writes a frame made by this transport's codec. */
  write(frame: unknown): void;
  /** Bytes written to this connection that the peer has not taken yet. */
  bufferedBytes(): number;
  /** Tells the client it is accepted (the welcome, or TCP's CONNECT). */
  accept(clientId: string): void;
  /** Closes politely with a WebSocket close code and a short reason. */
  close(code: number, reason: string): void;
  /** Drops the link at once. */
  terminate(): void;
}

/** The verdict of {@link TransportHost.admit} on a new connection. */
export type Admission =
  | { admitted: true }
  | { admitted: false; reason: 'full' | 'ip'; retryAfterSeconds: number };

/** What the kernel offers a transport. */
export interface TransportHost {
  /** The options in force; read them each time, they change at runtime. */
  readonly options: ResolvedOptions;
  readonly logger: Logger;
  /**
   * Decides on a connection before anything is allocated for it. When it
   * admits, a place is reserved: the transport must follow with `open` or
   * `release`.
   */
  admit(ip: string): Admission;
  /** Gives back a reservation that never became a connection. */
  release(ip: string): void;
  /** Registers an upgraded connection and starts its admission. */
  open(connection: Connection, ip: string, requestedAt: number): Client;
  /** Hands over one incoming message: `size` bytes, decoded lazily. */
  receive(client: Client, raw: unknown, size: number): void;
  /** The connection is gone, for whatever reason. */
  closed(client: Client): void;
}

/** A way for clients to reach the kernel (WebSocket, TCP). */
export interface Transport {
  readonly protocol: ClientProtocol;
  readonly codec: MessageCodec;
  /** Decodes a raw message this transport passed to `receive`. */
  decode(
    raw: unknown,
  ):
    | import('@stelar/protocol').ClientMessage
    | import('@stelar/protocol').BinaryClientMessage
    | import('@stelar/protocol').DecodeFailure;
  /** Starts listening; resolves once clients can connect. */
  start(host: TransportHost): Promise<void>;
  /** Stops accepting new clients; existing ones stay. */
  stopAccepting(): Promise<void>;
  /** Releases everything left: servers it created, timers, listeners. */
  close(): Promise<void>;
  /** The port clients connect to, once started. */
  port(): number | undefined;
}
