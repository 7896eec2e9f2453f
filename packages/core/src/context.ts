import type { UpgradeRequest } from './transport.js';
import type { CorrelationId } from '@stelar/protocol';
import type { BinaryData } from './bytes.js';
import type { Client, ClientInfo } from './client.js';
import type { ClientSummary, StelarCore } from './stelar-core.js';

/** The request a context is answering, when it handles one. */
export interface PendingRequest {
  ackName: string;
  correlationId: CorrelationId;
  replied: boolean;
}

/**
 * What a handler receives: the message being handled and the ways to answer
 * it, to its sender or to others.
 */
export class Context<Data = unknown> {
  readonly event: string;
  readonly data: Data;
  /** @internal */
  readonly client: Client;
  /** @internal */
  readonly request: PendingRequest | null;
  private readonly core: StelarCore;

  constructor(
    core: StelarCore,
    client: Client,
    event: string,
    data: Data,
    request: PendingRequest | null = null,
  ) {
    this.core = core;
    this.client = client;
    this.event = event;
    this.data = data;
    this.request = request;
  }

  /** The client's id. */
  get id(): string {
    return this.client.id;
  }

  /**
   * The HTTP upgrade request; `null` for TCP clients. Middleware gets the
   * whole `IncomingMessage`; handlers after admission get its method, url,
   * headers and httpVersion.
   */
  get req(): UpgradeRequest | null {
    return this.client.connection.req;
  }

  /** The underlying socket. */
  get socket(): unknown {
    return this.client.connection.socket;
  }

  get clientInfo(): ClientInfo {
    return this.client;
  }

  /** Sends an event to this client. */
  emit(event: string, data?: unknown): void {
    this.core.sendTo(this.client, event, data);
  }

  /** Sends a binary event to this client. */
  emitBinary(event: string, bytes: BinaryData): void {
    this.core.sendBinaryTo(this.client, event, bytes);
  }

  /**
   * Answers the request being handled, as returning from an ack handler does;
   * outside a request it sends an event to this client.
   */
  send(event: string, data?: unknown): void {
    if (this.request === null) {
      this.emit(event, data);
      return;
    }
    this.core.reply(this.client, this.request, data);
  }

  /**
   * Sends an ack-style message named `name`. In connection middleware,
   * `ctx.ack('error', data)` rejects the connection after sending it.
   */
  ack(name: string, data?: unknown): void {
    this.core.sendAck(this.client, name, data);
  }

  /** Sends to everyone except `excludeId`, which defaults to this client. */
  broadcast(
    event: string,
    data?: unknown,
    excludeId: string | undefined = this.id,
  ): void {
    this.core.broadcast(event, data, excludeId);
  }

  /** Sends a binary event to everyone except `excludeId`, this client by default. */
  broadcastBinary(
    event: string,
    bytes: BinaryData,
    excludeId: string | undefined = this.id,
  ): void {
    this.core.broadcastBinary(event, bytes, excludeId);
  }

  /** Sends a binary event to the members of `room`, except `excludeId`. */
  toBinary(
    room: string,
    event: string,
    bytes: BinaryData,
    excludeId?: string,
  ): void {
    this.core.toBinary(room, event, bytes, excludeId);
  }

  /** Sends to the members of `room`, except `excludeId` when given. */
  to(room: string, event: string, data?: unknown, excludeId?: string): void {
    this.core.to(room, event, data, excludeId);
  }

  /** Sends to one client; true when it exists. */
  toId(id: string, event: string, data?: unknown): boolean {
    return this.core.toId(id, event, data);
  }

  /** Joins this client to `room`, through the same limits and hooks. */
  joinRoom(room: string): boolean {
    return this.core.joinRoom(this.client, room, false);
  }

  /** Takes this client out of `room`, through the same hook. */
  leaveRoom(room: string): boolean {
    return this.core.leaveRoom(this.client, room, false);
  }

  getClients(room?: string): ClientSummary[] {
    return this.core.getClients(room);
  }

  setMetadata(key: string, value: unknown): void {
    this.client.metadata.set(key, value);
  }

  getMetadata<T = unknown>(key: string): T | undefined {
    return this.client.metadataIfAny?.get(key) as T | undefined;
  }
}
