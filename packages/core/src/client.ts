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
  // Created on first use: most clients of a large server never get
  // metadata, and an empty Set or Map still costs a hundred bytes each.
  private roomSet: Set<string> | null = null;
  private metadataMap: Map<string, unknown> | null = null;
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

  /** The rooms the client is in. */
  get rooms(): Set<string> {
    return (this.roomSet ??= new Set());
  }

  /** Per-client data that lives as long as the connection. */
  get metadata(): Map<string, unknown> {
    return (this.metadataMap ??= new Map());
  }

  /** @internal The rooms, without creating the set for a client in none. */
  get roomsIfAny(): ReadonlySet<string> | null {
    return this.roomSet;
  }

  /** @internal The metadata, without creating the map when there is none. */
  get metadataIfAny(): ReadonlyMap<string, unknown> | null {
    return this.metadataMap;
  }

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
