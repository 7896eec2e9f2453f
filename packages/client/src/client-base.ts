import { ProtocolEvent, RefusalCode, isValidRoomName } from '@stelar/protocol';
import { assertEventName } from './assert-event-name.js';
import { ClientEmitter, assertListener } from './client-emitter.js';
import type { EmitOptions } from './client-events.js';
import type { ClientState } from './client-state.js';
import { ClientErrorCode, StelarError } from './errors.js';
import { HeartbeatMonitor } from './heartbeat-monitor.js';
import { HookRunner } from './hook-runner.js';
import type {
  HandshakeRefusal,
  IncomingMessage,
  Link,
  LinkEvents,
  LinkOptions,
  OutgoingMessage,
} from './link.js';
import { createLogger, type Logger } from './logger.js';
import { OfflineQueue, type QueuedMessage } from './offline-queue.js';
import {
  mergeClientOptions,
  parseClientOptions,
  type ResolvedClientOptions,
  type StelarClientOptions,
} from './options.js';
import { PendingReply } from './pending-reply.js';
import { Reconnector } from './reconnector.js';
import { RequestRegistry } from './request-registry.js';
import { RoomMembership } from './room-membership.js';
import { serializeData } from './serialize-data.js';
import { shouldReconnect } from './should-reconnect.js';
import { toBytes } from './to-bytes.js';

/** What differs between browsers and Node.js, handed in by each entry. */
export interface Platform {
  /** @throws StelarError when an option needs what this platform lacks. */
  assertSupported(options: ResolvedClientOptions): void;
  /**
   * The URL the link of `options.mode` opens, from the forms a caller may
   * give (`resolveUrl` for WebSocket).
   *
   * @throws StelarError `ERR_CLIENT_URL_INVALID`.
   */
  resolveUrl(input: string | number, options: ResolvedClientOptions): string;
  /** The link of `options.mode`, not yet opened. */
  createLink(
    options: ResolvedClientOptions,
    linkOptions: LinkOptions,
    events: LinkEvents,
  ): Link;
  /** Calls `listener` when the device comes back online; returns the undo. */
  watchOnline(listener: () => void): () => void;
}

type RoomChangeKind = 'join' | 'leave';

const CLIENT_CLOSE = { code: 1000, reason: 'client disconnect' } as const;
const LOST_CLOSE_CODE = 1006;

function eventOf(message: OutgoingMessage): string {
  switch (message.kind) {
    case 'join':
      return ProtocolEvent.JOIN_ROOM;
    case 'leave':
      return ProtocolEvent.LEAVE_ROOM;
    default:
      return message.event;
  }
}

function disconnectedError(): StelarError {
  return new StelarError(
    RefusalCode.DISCONNECTED,
    'the connection closed before the server answered',
  );
}

/** The documented middleware idiom `ctx.ack('error', data)`, as an error. */
function serverError(data: unknown): StelarError {
  const text = (data as { message?: unknown } | null)?.message;
  const message =
    typeof text === 'string' ? text : 'the server reported an error';
  return new StelarError(ClientErrorCode.SERVER_ERROR, message, {
    details: data,
  });
}

function isBlob(value: unknown): value is Blob {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Blob).arrayBuffer === 'function'
  );
}

/**
 * The client, whatever the platform: state machine, reconnection, offline
 * queue, requests and rooms. Each entry point extends it with its platform
 * (`stelar-client.ts` for browsers, `stelar-client.node.ts`).
 */
export class ClientBase extends ClientEmitter {
  private options: ResolvedClientOptions;
  private readonly platform: Platform;
  private urlInput: string | number;
  private url: string;

  private state: ClientState = 'disconnected';
  private link: Link | null = null;
  private id: string | null = null;
  private connectedAt: number | null = null;
  private lastError: StelarError | null = null;
  private messagesSent = 0;
  private messagesReceived = 0;

  /** The last `stelar:error` code of the current link. */
  private refusalCode: string | null = null;
  /** The HTTP answer of the current link's handshake, when refused. */
  private handshakeRefusal: HandshakeRefusal | null = null;
  private stopWatchingOnline: (() => void) | null = null;

  private readonly requests = new RequestRegistry();
  private readonly membership = new RoomMembership();
  private readonly queue: OfflineQueue;
  private readonly monitor: HeartbeatMonitor;
  private readonly reconnector: Reconnector;
  private readonly linkEvents: LinkEvents;
  private readonly onOnline = (): void => this.reconnector.now();

  /**
   * @throws StelarError `ERR_OPTIONS_INVALID` naming every bad option,
   * `ERR_CLIENT_URL_INVALID`, or the platform's refusal of an option.
   */
  constructor(
    url: string | number,
    options: StelarClientOptions | undefined,
    platform: Platform,
  ) {
    const resolved = parseClientOptions(options);
    platform.assertSupported(resolved);
    const resolvedUrl = platform.resolveUrl(url, resolved);
    super(new HookRunner(resolved.hooks, createLogger(resolved.logger)));
    this.options = resolved;
    this.platform = platform;
    this.urlInput = url;
    this.url = resolvedUrl;
    this.queue = new OfflineQueue(resolved.messageQueueSize);
    this.monitor = new HeartbeatMonitor(() => this.linkSilent());
    this.reconnector = new Reconnector(this.runner, (attempt) =>
      this.attemptReconnect(attempt),
    );
    this.linkEvents = this.createLinkEvents();
  }

  private get log(): Logger {
    return this.runner.logger;
  }

  // ----- connection --------------------------------------------------------

  /**
   * Connects, unless already connected or on the way. `callback` runs once
   * the server's welcome has arrived (at once when connected already).
   * While reconnecting, tries again without waiting for the backoff.
   */
  connect(callback?: () => void): this {
    if (callback !== undefined) assertListener(callback, 'connect callback');
    if (this.state === 'connected') {
      if (callback !== undefined) {
        this.runner.call(callback, 'connect callback');
      }
      return this;
    }
    if (callback !== undefined) this.once('connect', callback);
    if (this.state === 'reconnecting') {
      this.reconnector.now();
      return this;
    }
    if (this.state === 'connecting') return this;

    this.reconnector.reset();
    this.setState('connecting');
    this.openLink();
    return this;
  }

  /**
   * Closes the connection with `1000` and stops: no reconnection, no timer
   * left. Requests and room changes still waiting reject with
   * `DISCONNECTED`; plain emits stay queued for a later `connect()`.
   */
  disconnect(): this {
    const wasConnected = this.state === 'connected';
    this.dropLink()?.close(CLIENT_CLOSE.code, CLIENT_CLOSE.reason);
    this.stop();
    if (wasConnected) this.emitLifecycle('disconnect', { ...CLIENT_CLOSE });
    return this;
  }

  /** True from the server's welcome until the connection ends. */
  isConnected(): boolean {
    return this.state === 'connected';
  }

  /** Where the client stands; see {@link ClientState}. */
  getState(): ClientState {
    return this.state;
  }

  /** The id the server gave this connection; `null` when not connected. */
  getId(): string | null {
    return this.id;
  }

  /**
   * The URL the client connects to: `ws://…` or `wss://…`, or in TCP mode
   * `tcp://host:port` or `tls://host:port`.
   */
  getUrl(): string {
    return this.url;
  }

  /**
   * Changes the URL; it takes effect at the next connection attempt, and a
   * connection open now stays as it is.
   *
   * @throws StelarError `ERR_CLIENT_URL_INVALID`.
   */
  setUrl(url: string | number): this {
    this.url = this.platform.resolveUrl(url, this.options);
    this.urlInput = url;
    return this;
  }

  // ----- sending -----------------------------------------------------------

  /**
   * Sends an event. While not connected it waits in the offline queue
   * (unless `options.queue` is false). Returns false when the message was
   * neither sent nor queued (cancelled by `onBeforeEmit`, or dropped).
   *
   * @throws StelarError `INVALID_EVENT` for a malformed or reserved name,
   * `ERR_CLIENT_DATA_INVALID` for data JSON cannot represent.
   */
  emit(event: string, data?: unknown, options: EmitOptions = {}): boolean {
    assertEventName(event, 'event');
    if (!this.allowEmit(event, data)) return false;
    const json = serializeData(event, data);
    return this.dispatch({ kind: 'event', event, json }, null, options.queue);
  }

  /**
   * Sends bytes as a binary event: an `ArrayBuffer`, any typed array or
   * `DataView` (only the bytes it views), or a Node.js `Buffer`.
   *
   * @throws StelarError `INVALID_EVENT`, or `ERR_CLIENT_DATA_INVALID` for
   * anything that is not bytes.
   */
  emitBinary(event: string, bytes: ArrayBuffer | ArrayBufferView): boolean {
    assertEventName(event, 'event');
    const view = toBytes(bytes, event);
    if (!this.allowEmit(event, bytes)) return false;
    return this.dispatch({ kind: 'binary', event, bytes: view }, null, true);
  }

  /**
   * Sends a `Blob` or `File` as a binary event, `'file'` by default. Its
   * content only: send its name or type as an event of their own.
   */
  async sendFile(file: Blob, event = 'file'): Promise<boolean> {
    assertEventName(event, 'event');
    if (!isBlob(file)) {
      throw new StelarError(
        ClientErrorCode.DATA_INVALID,
        `sendFile needs a Blob or File, got ${typeof file}`,
      );
    }
    return this.emitBinary(event, await file.arrayBuffer());
  }

  /** Sends an image `Blob` as a binary event, `'image'` by default. */
  sendImage(image: Blob, event = 'image'): Promise<boolean> {
    return this.sendFile(image, event);
  }

  /**
   * Asks the server's ack handler `ackName` (by default the one named like
   * `event`) and resolves with its reply. While not connected the request
   * waits in the offline queue; `ackTimeout` counts from this call.
   *
   * Rejects with a {@link StelarError}: the server's code on a failed reply
   * (`HANDLER_ERROR`, `NO_HANDLER`, `RATE_LIMITED`, an application code…),
   * `TIMEOUT`, `DISCONNECTED`, `INVALID_EVENT`, `ERR_CLIENT_DATA_INVALID`,
   * `ERR_CLIENT_EMIT_CANCELLED` or `ERR_CLIENT_QUEUE_FULL`.
   */
  request<T = unknown>(
    event: string,
    data?: unknown,
    ackName: string = event,
  ): Promise<T> {
    let json: string | undefined;
    try {
      assertEventName(event, 'event');
      assertEventName(ackName, 'ackName');
      json = this.requestJson(event, data);
    } catch (error) {
      return Promise.reject(error);
    }

    const { correlationId, reply } = this.requests.open(
      event,
      this.options.ackTimeout,
      (expired) => this.queue.discard(expired),
    );
    const message: OutgoingMessage = {
      kind: 'request',
      event,
      json,
      ackName,
      correlationId,
    };
    this.dispatch(message, reply, true);
    return reply.promise as Promise<T>;
  }

  private requestJson(event: string, data: unknown): string | undefined {
    if (!this.allowEmit(event, data)) {
      throw new StelarError(
        ClientErrorCode.EMIT_CANCELLED,
        `onBeforeEmit cancelled the request "${event}"`,
      );
    }
    return serializeData(event, data);
  }

  // ----- rooms -------------------------------------------------------------

  /**
   * Joins `room`; resolves once the server confirms, rejects with the
   * refusal's code (`JOIN_REJECTED`, `MAX_ROOMS`, `MAX_ROOMS_PER_CLIENT`,
   * `INVALID_MESSAGE`…), `TIMEOUT` or `DISCONNECTED`. The client joins its
   * rooms again after every reconnection.
   */
  joinRoom(room: string): Promise<void> {
    return this.changeRoom('join', room);
  }

  /**
   * Leaves `room`; resolves once the server confirms, rejects like
   * `joinRoom` (`LEAVE_REJECTED`…). While not connected the room is
   * forgotten at once, so the reconnection does not join it again.
   */
  leaveRoom(room: string): Promise<void> {
    return this.changeRoom('leave', room);
  }

  /** The rooms the server confirmed, which a reconnection joins again. */
  getRooms(): string[] {
    return this.membership.rooms();
  }

  private changeRoom(kind: RoomChangeKind, room: string): Promise<void> {
    if (!isValidRoomName(room)) {
      return Promise.reject(
        new StelarError(
          RefusalCode.INVALID_MESSAGE,
          `room must be a string of 1 to 256 UTF-8 bytes, got ${JSON.stringify(room)}`,
        ),
      );
    }
    if (kind === 'leave' && this.state !== 'connected') {
      this.membership.forget(room);
    }
    const reply = new PendingReply<void>(this.options.ackTimeout, (expired) =>
      this.roomChangeExpired(expired, kind, room),
    );
    this.membership.wait({ kind, room, reply });
    this.dispatch({ kind, room }, reply as PendingReply<unknown>, true);
    return reply.promise;
  }

  private roomChangeExpired(
    reply: PendingReply<void>,
    kind: RoomChangeKind,
    room: string,
  ): void {
    this.membership.discard(reply);
    this.queue.discard(reply as PendingReply<unknown>);
    reply.reject(
      new StelarError(
        RefusalCode.TIMEOUT,
        `${kind} of room ${JSON.stringify(room)} got no answer within ackTimeout (${this.options.ackTimeout} ms)`,
      ),
    );
  }

  // ----- metrics and options -----------------------------------------------

  /** Messages written to the server, protocol messages included. */
  getMessagesSent(): number {
    return this.messagesSent;
  }

  /** Messages received from the server, protocol messages included. */
  getMessagesReceived(): number {
    return this.messagesReceived;
  }

  /** The last error the client reported through its `error` event. */
  getLastError(): StelarError | null {
    return this.lastError;
  }

  /**
   * When the current connection was established (its welcome), in
   * milliseconds since the epoch; `null` when not connected.
   */
  getConnectTime(): number | null {
    return this.connectedAt;
  }

  /** Messages waiting in the offline queue. */
  getQueueSize(): number {
    return this.queue.size;
  }

  /** The options in force, frozen. */
  getOptions(): ResolvedClientOptions {
    return this.options;
  }

  /**
   * Changes options at runtime, validated like the constructor's. A smaller
   * `messageQueueSize` drops the oldest queued messages now; a new
   * `heartbeatInterval` applies to the current link; connection options
   * (`mode`, `tls`, `headers`, sizes) apply from the next attempt.
   *
   * @throws StelarError `ERR_OPTIONS_INVALID` listing every offending option.
   */
  updateOptions(partial: Partial<StelarClientOptions>): this {
    const next = mergeClientOptions(this.options, partial);
    this.platform.assertSupported(next);
    const url = this.platform.resolveUrl(this.urlInput, next);
    const previous = this.options;
    this.options = next;
    this.url = url;

    const logger =
      next.logger === previous.logger ? this.log : createLogger(next.logger);
    this.runner.configure(next.hooks, logger);
    for (const dropped of this.queue.resize(next.messageQueueSize)) {
      this.dropQueued(dropped);
    }
    const interval = next.heartbeatInterval;
    if (this.link !== null && interval !== previous.heartbeatInterval) {
      this.monitor.start(this.link, interval);
    }
    return this;
  }

  // ----- sending, inside ---------------------------------------------------

  /**
   * Sends now when connected, else queues (unless `queue` is false).
   * Returns whether the message was sent or queued.
   */
  private dispatch(
    message: OutgoingMessage,
    reply: PendingReply<unknown> | null,
    queue: boolean | undefined,
  ): boolean {
    if (this.state === 'connected' && this.write(message)) {
      if (reply !== null) reply.sent = true;
      return true;
    }
    if (queue === false) return false;
    return this.enqueue(message, reply);
  }

  private write(message: OutgoingMessage): boolean {
    if (this.link === null || !this.link.send(message)) return false;
    this.messagesSent++;
    return true;
  }

  private enqueue(
    message: OutgoingMessage,
    reply: PendingReply<unknown> | null,
  ): boolean {
    // The caller may reuse its buffer once emitBinary returns; a queued
    // message must keep the bytes of the moment.
    const kept: OutgoingMessage =
      message.kind === 'binary'
        ? { ...message, bytes: message.bytes.slice() }
        : message;
    const item: QueuedMessage = { message: kept, reply };
    const dropped = this.queue.push(item);
    for (const old of dropped) this.dropQueued(old);
    if (dropped.includes(item)) return false;

    this.runner.run('onMessageQueued', {
      event: eventOf(message),
      queueSize: this.queue.size,
    });
    return true;
  }

  private dropQueued(item: QueuedMessage): void {
    const event = eventOf(item.message);
    this.log.warn({ event }, 'offline queue full, message dropped');
    const reply = item.reply;
    if (reply === null) return;
    this.requests.forget(reply);
    this.membership.discard(reply as PendingReply<void>);
    reply.reject(
      new StelarError(
        ClientErrorCode.QUEUE_FULL,
        `"${event}" was dropped from the full offline queue (messageQueueSize ${this.options.messageQueueSize})`,
      ),
    );
  }

  private allowEmit(event: string, data: unknown): boolean {
    return this.runner.run('onBeforeEmit', { event, data }) !== false;
  }

  // ----- the link ----------------------------------------------------------

  private openLink(): void {
    this.refusalCode = null;
    this.handshakeRefusal = null;
    const o = this.options;
    const link = this.platform.createLink(
      o,
      {
        url: this.url,
        headers: o.headers,
        rejectUnauthorized: o.rejectUnauthorized,
        maxPayloadSize: o.maxPayloadSize,
        maxFrameSize: o.maxFrameSize,
      },
      this.linkEvents,
    );
    this.link = link;
    this.monitor.start(link, o.heartbeatInterval);
    this.log.debug({ url: this.url }, 'connecting');
    try {
      link.open();
    } catch (error) {
      // A socket constructor throws for what it cannot even try (a header
      // with a forbidden character): an attempt that failed like any other.
      this.linkEvents.failed(link, error as Error);
      this.linkEvents.closed(link, LOST_CLOSE_CODE, 'could not open');
    }
  }

  /** Lets go of the current link; its later events are ignored. */
  private dropLink(): Link | null {
    const link = this.link;
    this.link = null;
    this.monitor.stop();
    this.id = null;
    this.connectedAt = null;
    return link;
  }

  private createLinkEvents(): LinkEvents {
    return {
      opened: (link) => {
        if (link === this.link) this.monitor.alive();
      },
      received: (link, message) => {
        if (link === this.link) this.receive(message);
      },
      alive: (link) => {
        if (link === this.link) this.monitor.alive();
      },
      oversized: (link, size) => {
        if (link === this.link) this.oversized(size);
      },
      refused: (link, refusal) => {
        if (link === this.link) this.handshakeRefused(refusal);
      },
      failed: (link, error) => {
        if (link === this.link) this.linkFailed(error);
      },
      closed: (link, code, reason) => {
        if (link === this.link) this.linkEnded(code, reason);
      },
    };
  }

  private oversized(size: number): void {
    this.monitor.alive();
    this.messagesReceived++;
    const max = this.options.maxPayloadSize;
    this.report(
      new StelarError(
        ClientErrorCode.PAYLOAD_TOO_LARGE,
        `dropped a message of ${size} bytes from the server, over maxPayloadSize ${max}`,
        { details: { size, max } },
      ),
    );
  }

  private handshakeRefused(refusal: HandshakeRefusal): void {
    this.handshakeRefusal = refusal;
    const later =
      refusal.retryAfterMs === null
        ? ''
        : `, retry after ${refusal.retryAfterMs} ms`;
    const why =
      refusal.reason === undefined
        ? ` with HTTP ${refusal.status}`
        : `: ${refusal.reason}`;
    this.report(
      new StelarError(
        ClientErrorCode.HANDSHAKE_REFUSED,
        `the server refused the connection${why}${later}`,
        { details: refusal },
      ),
    );
  }

  private linkFailed(error: Error): void {
    this.report(
      new StelarError(
        ClientErrorCode.CONNECTION_FAILED,
        `the connection to ${this.url} failed: ${error.message}`,
        { cause: error },
      ),
    );
  }

  private linkSilent(): void {
    const link = this.link;
    if (link === null) return;
    this.log.info({ url: this.url }, 'link silent, reconnecting');
    link.abort();
    this.linkEnded(LOST_CLOSE_CODE, 'heartbeat timeout');
  }

  /**
   * The current link is gone. What was sent on it and not answered is lost;
   * the client reconnects unless the rules (or the options) say otherwise.
   */
  private linkEnded(code: number, reason: string): void {
    const wasConnected = this.state === 'connected';
    const retry =
      this.options.reconnection &&
      shouldReconnect({
        refusalCode: this.refusalCode,
        httpStatus: this.handshakeRefusal?.status ?? null,
      });
    const retryAfterMs = this.handshakeRefusal?.retryAfterMs ?? null;
    this.log.debug({ code, reason, retry }, 'connection closed');
    this.dropLink();
    this.failAwaiting(false);
    if (retry) this.setState('reconnecting');
    else this.stop();

    if (wasConnected) this.emitLifecycle('disconnect', { code, reason });
    // A listener of `disconnect` may have called connect() or disconnect().
    if (!retry || this.state !== 'reconnecting' || this.link !== null) return;
    if (this.reconnector.waiting) return;
    if (!this.reconnector.schedule(this.options, retryAfterMs)) this.giveUp();
  }

  private giveUp(): void {
    const attempts = this.reconnector.attempt;
    this.log.warn({ attempts }, 'reconnection failed');
    this.stop();
    this.emitLifecycle('reconnect_failed');
  }

  private attemptReconnect(attempt: number): void {
    if (this.state !== 'reconnecting' || this.link !== null) return;
    this.emitLifecycle('reconnecting', attempt);
    // A listener of `reconnecting` may have called disconnect().
    if (this.state !== 'reconnecting' || this.link !== null) return;
    this.openLink();
  }

  // ----- incoming ----------------------------------------------------------

  private receive(message: IncomingMessage): void {
    this.monitor.alive();
    this.messagesReceived++;
    switch (message.kind) {
      case 'welcome':
        this.welcome(message.id);
        return;
      case 'event':
        this.deliverEvent(message.event, message.data, false);
        return;
      case 'binary':
        this.deliverEvent(message.event, message.bytes, true);
        return;
      case 'reply':
        this.reply(message);
        return;
      case 'ack':
        this.ack(message.name, message.data);
        return;
      case 'refusal':
        this.refusal(message);
        return;
      case 'joined':
      case 'left':
        this.roomChanged(message.kind, message.room);
        return;
      case 'invalid':
        this.report(
          new StelarError(
            ClientErrorCode.MESSAGE_INVALID,
            `the server sent an invalid message: ${message.reason}`,
          ),
        );
        return;
    }
  }

  /**
   * The connection is established. Rooms are joined again before the queue
   * drains, and both before `connect` fires: the server handles messages in
   * order, so queued messages meet their rooms already joined, and what a
   * `connect` listener sends comes after what waited.
   */
  private welcome(id: string): void {
    if (this.state === 'connected') return;
    const link = this.link;
    this.id = id;
    this.connectedAt = Date.now();
    this.reconnector.reset();
    this.setState('connected');
    if (this.link !== link) return;

    for (const room of this.membership.rooms()) {
      this.membership.wait({ kind: 'join', room, reply: null });
      this.write({ kind: 'join', room });
    }
    this.drainQueue();
    if (this.link !== link) return;
    this.log.debug({ clientId: id }, 'connected');
    this.emitLifecycle('connect');
  }

  private drainQueue(): void {
    const items = this.queue.takeAll();
    let count = 0;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.reply?.isSettled === true) continue;
      if (!this.write(item.message)) {
        this.queue.restore(items.slice(i));
        break;
      }
      if (item.reply !== null) item.reply.sent = true;
      count++;
    }
    if (count > 0) this.runner.run('onQueueDrained', { count });
  }

  private reply(message: Extract<IncomingMessage, { kind: 'reply' }>): void {
    const { correlationId, data, error } = message;
    if (!this.requests.settle(correlationId, data, error)) {
      this.log.debug({ correlationId }, 'reply to no request');
    }
  }

  private ack(name: string, data: unknown): void {
    // The server's documented middleware idiom ctx.ack('error', data)
    // explains a refusal: it surfaces as the client's error event.
    if (name === 'error') this.report(serverError(data));
    else this.deliverAck(name, data);
  }

  private roomChanged(kind: 'joined' | 'left', room: string): void {
    const change = this.membership.confirm(
      kind === 'joined' ? 'join' : 'leave',
      room,
    );
    change?.reply?.resolve();
  }

  /** A `stelar:error`: settles a room change, or becomes an error event. */
  private refusal(
    message: Extract<IncomingMessage, { kind: 'refusal' }>,
  ): void {
    const { code, event, room } = message;
    this.refusalCode = code;
    const error = new StelarError(code, message.message, {
      details: { event, room },
    });
    const change = this.membership.refuse({ code, event, room });
    if (change?.reply) change.reply.reject(error);
    else this.report(error);
  }

  // ----- state -------------------------------------------------------------

  private setState(to: ClientState): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    if (from === 'disconnected') {
      this.stopWatchingOnline = this.platform.watchOnline(this.onOnline);
    }
    this.runner.run('onStateChange', { from, to });
  }

  /**
   * Ends in `disconnected`: no timer, no online watch, nothing awaiting.
   * Plain queued emits stay for a later `connect()`.
   */
  private stop(): void {
    this.reconnector.cancel();
    this.stopWatchingOnline?.();
    this.stopWatchingOnline = null;
    this.setState('disconnected');
    this.failAwaiting(true);
  }

  /**
   * Rejects with `DISCONNECTED` what was sent on the lost link or, with
   * `all`, every request and room change, queued ones included.
   */
  private failAwaiting(all: boolean): void {
    this.requests.fail(disconnectedError, all);
    const changes = all
      ? this.membership.takeAll()
      : this.membership.takeSent();
    for (const change of changes) change.reply?.reject(disconnectedError());
    if (all) this.queue.takeReplies();
  }

  /** An error the program may want to know about: the `error` event. */
  private report(error: StelarError): void {
    this.lastError = error;
    if (this.emitLifecycle('error', error)) return;
    this.log.warn({ code: error.code }, error.message);
  }
}
