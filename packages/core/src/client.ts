import type { Connection, ClientProtocol } from './transport.js';

/** What a handler can read about a client (`ctx.clientInfo`). */
export interface ClientInfo {
  readonly id: string;
  readonly protocol: ClientProtocol;
  readonly remoteAddress: string;
  readonly rooms: Set<string>;
  readonly metadata: Map<string, unknown>;
  /** Epoch milliseconds of the acceptance. */
  readonly connectedAt: number;
  readonly messagesReceived: number;
  readonly messagesSent: number;
}

/** Where a client is in its life. */
export type ClientState = 'pending' | 'open' | 'closed';

/** A message that arrived before its client was accepted. */
export interface HeldMessage {
  raw: unknown;
  size: number;
}

/**
 * One connected client as the kernel tracks it. Fields stay few: a server
 * holds tens of thousands of these.
 */
export class Client implements ClientInfo {
  readonly id: string;
  readonly protocol: ClientProtocol;
  readonly remoteAddress: string;
  readonly rooms = new Set<string>();
  readonly metadata = new Map<string, unknown>();
  connectedAt = 0;
  messagesReceived = 0;
  messagesSent = 0;

  /** @internal */
  readonly connection: Connection;
  /** @internal */
  readonly transportIndex: number;
  /** @internal */
  state: ClientState = 'pending';
  /** @internal Messages held until acceptance, or while a verdict is awaited. */
  backlog: HeldMessage[] | null = null;
  /** @internal */
  backlogBytes = 0;
  /** @internal Set while an async rate-limit verdict is awaited. */
  busy = false;
  /** @internal */
  admissionTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    id: string,
    connection: Connection,
    transportIndex: number,
    remoteAddress: string,
  ) {
    this.id = id;
    this.connection = connection;
    this.transportIndex = transportIndex;
    this.protocol = connection.transport.protocol;
    this.remoteAddress = remoteAddress;
  }
}
