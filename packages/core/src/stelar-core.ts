import { randomUUID } from 'node:crypto';
import {
  CloseCode,
  ProtocolEvent,
  RefusalCode,
  isValidRoomName,
  type RefusalDetails,
} from '@stelar/protocol';
import { toBytes, type BinaryData } from './bytes.js';
import { Client } from './client.js';
import { ClientRegistry } from './client-registry.js';
import { Context, type PendingRequest } from './context.js';
import { CoreErrorCode, StelarError } from './errors.js';
import type {
  IIPTracker,
  MessageRateLimiter,
  RateLimitConfig,
} from './extensions.js';
import type { HookName, HookResult, StelarHooks } from './hooks.js';
import { createLogger, type Logger } from './logger.js';
import {
  mergeOptions,
  type ResolvedOptions,
  type UpdatableOptions,
} from './options.js';
import { isThenable } from './is-thenable.js';
import { summarizeConfig, type ConfigSummary } from './config-summary.js';
import { MessagePath } from './message-path.js';
import { RoomRegistry } from './room-registry.js';
import {
  addShutdownListener,
  beginStopOnSignal,
  endStopOnSignal,
  removeShutdownListener,
} from './shutdown-signals.js';
import {
  Router,
  assertFunction,
  type AckHandler,
  type EventHandler,
} from './router.js';
import type { StelarStats } from './stats.js';
import type {
  Admission,
  Connection,
  Transport,
  TransportHost,
} from './transport.js';

/** Connection middleware; call `next()` to go on, `next(err)` to reject. */
export type Middleware = (
  ctx: Context<undefined>,
  next: (error?: unknown) => void,
) => unknown;

/** A handler of connections and disconnections. */
export type ConnectionHandler = (client: Context<undefined>) => unknown;

/** One entry of `getClients()`. */
export interface ClientSummary {
  id: string;
  protocol: Client['protocol'];
  remoteAddress: string;
  rooms: string[];
  metadata: Record<string, unknown>;
  connectedAt: number;
}

/** The parts a kernel is assembled from. */
export interface StelarParts {
  transports: readonly Transport[];
  rateLimiter: MessageRateLimiter;
  ipTracker: IIPTracker;
}

type ServerState = 'idle' | 'starting' | 'running' | 'stopping';

const RETRY_AFTER_SECONDS = 5;
const MAX_CLOSE_REASON_BYTES = 123;
/** Milliseconds stop() waits for terminated sockets to report their close. */
const TERMINATE_GRACE_MS = 1000;

function closeReason(error: unknown): string {
  const text =
    error instanceof Error
      ? error.message
      : typeof error === 'string'
        ? error
        : 'connection rejected';
  const bytes = new TextEncoder().encode(text || 'connection rejected');
  if (bytes.byteLength <= MAX_CLOSE_REASON_BYTES) {
    return text || 'connection rejected';
  }

  // Cut on a character boundary: a close reason must stay valid UTF-8.
  let cut = text.slice(0, MAX_CLOSE_REASON_BYTES);
  while (new TextEncoder().encode(cut).byteLength > MAX_CLOSE_REASON_BYTES) {
    cut = cut.slice(0, -1);
  }
  return cut;
}

/**
 * The transport-agnostic kernel: clients, rooms, routing, middleware, hooks
 * and fan-out. Transports feed it messages; it never touches a socket.
 */
export class StelarCore {
  /** @internal */
  readonly logger: Logger;
  private currentOptions: ResolvedOptions;
  private readonly transports: readonly Transport[];
  private readonly rateLimiter: MessageRateLimiter;
  private readonly ipTracker: IIPTracker;
  private readonly host: TransportHost;

  private readonly clients = new ClientRegistry();
  private readonly pending = new Map<string, Client>();
  private readonly rooms = new RoomRegistry();

  /** @internal */
  readonly router: Router;
  private readonly messages: MessagePath;
  private readonly middlewares: Middleware[] = [];
  private readonly connectionHandlers: ConnectionHandler[] = [];
  private readonly disconnectHandlers: ConnectionHandler[] = [];

  private state: ServerState = 'idle';
  private startedAt = 0;
  private reserved = 0;
  private totalConnections = 0;
  private totalMessagesReceived = 0;
  private totalMessagesSent = 0;
  private slowClientDrops = 0;
  private slowClientCloses = 0;
  private drained: (() => void) | null = null;
  private stopping: Promise<void> | null = null;
  private readonly signalListener = (signal: NodeJS.Signals): void => {
    this.shutDownOnSignal(signal);
  };

  constructor(options: ResolvedOptions, parts: StelarParts) {
    this.currentOptions = options;
    this.logger = createLogger(options.logger);
    this.router = new Router(this, this.logger);
    this.messages = new MessagePath(this, parts.rateLimiter, this.logger);
    this.transports = parts.transports;
    this.rateLimiter = parts.rateLimiter;
    this.ipTracker = parts.ipTracker;
    this.host = this.createHost();
  }

  /** The options in force. */
  get options(): ResolvedOptions {
    return this.currentOptions;
  }

  // ----- lifecycle ---------------------------------------------------------

  /**
   * Starts every transport; resolves with the port clients connect to.
   *
   * @throws StelarError `ERR_SERVER_STATE` when already started.
   */
  async start(): Promise<number> {
    if (this.state !== 'idle') {
      throw new StelarError(
        CoreErrorCode.SERVER_STATE,
        `start() needs a stopped server, but it is ${this.state}`,
      );
    }
    this.state = 'starting';
    this.startedAt = Date.now();
    try {
      for (const transport of this.transports) await transport.start(this.host);
    } catch (error) {
      await this.closeTransports();
      this.state = 'idle';
      throw error;
    }
    if (this.currentOptions.gracefulShutdown) {
      addShutdownListener(this.signalListener);
    }
    this.state = 'running';
    this.logger.info({ port: this.getPort() }, 'server started');
    return this.getPort() ?? 0;
  }

  /**
   * Closes every connection with `1001`, waits for them up to
   * `shutdownTimeout`, terminates the rest, then releases every server,
   * timer and listener the server added. Safe to call twice: a call made
   * while a stop is in progress resolves when that stop is done.
   */
  stop(): Promise<void> {
    // A user's signal listener that awaits stop() runs while the library's
    // own listener is already stopping; it must not go on (and exit) before
    // the clients are closed.
    if (this.stopping !== null) return this.stopping;
    if (this.state !== 'running' && this.state !== 'starting') {
      return Promise.resolve();
    }
    this.stopping = this.shutDown().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    this.state = 'stopping';
    removeShutdownListener(this.signalListener);

    await Promise.all(this.transports.map((t) => t.stopAccepting()));
    const everyone = [...this.pending.values(), ...this.clients.all()];
    for (const client of everyone) {
      client.connection.close(CloseCode.GOING_AWAY, 'server shutting down');
    }
    await this.waitForDrain(this.currentOptions.shutdownTimeout);
    for (const client of [...this.pending.values(), ...this.clients.all()]) {
      client.connection.terminate();
    }
    // A terminated socket is reported closed only on a later turn; waiting
    // for it lets every onDisconnect run before stop() resolves.
    await this.waitForDrain(TERMINATE_GRACE_MS);

    await this.closeTransports();
    this.rateLimiter.close();
    this.ipTracker.cleanup();
    this.rooms.clear();
    this.state = 'idle';
    this.logger.info({}, 'server stopped');
  }

  private waitForDrain(timeoutMs: number): Promise<void> {
    if (this.connectionCount() === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      const self = this;
      this.drained = done;
      function done(): void {
        clearTimeout(timer);
        self.drained = null;
        resolve();
      }
    });
  }

  private async closeTransports(): Promise<void> {
    const results = await Promise.allSettled(
      this.transports.map((t) => t.close()),
    );
    for (const result of results) {
      if (result.status === 'rejected') {
        this.logger.error({ err: result.reason }, 'transport close failed');
      }
    }
  }

  private connectionCount(): number {
    return this.reserved;
  }

  private shutDownOnSignal(signal: NodeJS.Signals): void {
    this.logger.info({ signal }, 'shutting down on signal');
    beginStopOnSignal();
    this.stop().then(
      () => endStopOnSignal(signal),
      (error: unknown) => {
        this.logger.error({ err: error }, 'shutdown failed');
        endStopOnSignal(signal);
      },
    );
  }

  // ----- handlers ----------------------------------------------------------

  /** Adds connection middleware, run in order before `onConnection`. */
  use(middleware: Middleware): this {
    assertFunction(middleware, 'middleware');
    this.middlewares.push(middleware);
    return this;
  }

  /** Handles a client event; several handlers run in the order added. */
  on(event: string, handler: EventHandler): this {
    this.router.on(event, handler);
    return this;
  }

  /** Handles every client event, after its specific handlers. */
  onAll(handler: EventHandler): this {
    this.router.onAll(handler);
    return this;
  }

  /** Answers requests to `name`; one handler per name, the last one wins. */
  onAck(name: string, handler: AckHandler): this {
    this.router.onAck(name, handler);
    return this;
  }

  /** Runs when a client has passed the middleware. */
  onConnection(handler: ConnectionHandler): this {
    assertFunction(handler, 'onConnection handler');
    this.connectionHandlers.push(handler);
    return this;
  }

  /** Runs when a client is gone; its rooms are already cleaned up. */
  onDisconnect(handler: ConnectionHandler): this {
    assertFunction(handler, 'onDisconnect handler');
    this.disconnectHandlers.push(handler);
    return this;
  }

  // ----- sending -----------------------------------------------------------

  /** Sends to every connected client of every transport. */
  broadcast(event: string, data?: unknown, excludeId?: string): void {
    if (!this.allowBroadcast(event, data, excludeId)) return;
    this.fanOut(this.clients.all(), excludeId, (codec) =>
      codec.event(event, data),
    );
  }

  /** Sends to the members of `room`. */
  to(room: string, event: string, data?: unknown, excludeId?: string): void {
    const members = this.rooms.members(room);
    if (members === undefined) return;
    if (!this.allowBroadcast(event, data, excludeId, room)) return;
    this.fanOut(members.values(), excludeId, (codec) =>
      codec.event(event, data),
    );
  }

  /** Sends to one client, found in O(1); true when it exists. */
  toId(id: string, event: string, data?: unknown): boolean {
    const client = this.clients.get(id);
    if (client === undefined) return false;
    this.sendTo(client, event, data);
    return true;
  }

  /** Sends a binary message to every client. */
  broadcastBinary(event: string, data: BinaryData, excludeId?: string): void {
    const bytes = toBytes(data);
    if (!this.allowBroadcast(event, bytes, excludeId)) return;
    this.fanOut(this.clients.all(), excludeId, (codec) =>
      codec.binary(event, bytes),
    );
  }

  /**
   * Sends a binary message to the members of `room` (an extension of the
   * documented API: `to` sends JSON).
   */
  toBinary(
    room: string,
    event: string,
    data: BinaryData,
    excludeId?: string,
  ): void {
    const members = this.rooms.members(room);
    if (members === undefined) return;
    const bytes = toBytes(data);
    if (!this.allowBroadcast(event, bytes, excludeId, room)) return;
    this.fanOut(members.values(), excludeId, (codec) =>
      codec.binary(event, bytes),
    );
  }

  private allowBroadcast(
    event: string,
    data: unknown,
    excludeId: string | undefined,
    room?: string,
  ): boolean {
    const payload =
      room === undefined
        ? { event, data, excludeId }
        : { event, data, excludeId, room };
    return this.runHook('onBeforeBroadcast', payload) !== false;
  }

  /**
   * Writes one message to many clients, encoding it once per transport: the
   * encoded frame is shared by every recipient on that transport.
   */
  private fanOut(
    recipients: Iterable<Client>,
    excludeId: string | undefined,
    encode: (codec: Transport['codec']) => unknown,
  ): void {
    const frames: unknown[] = [];
    for (const client of recipients) {
      if (client.id === excludeId || client.state !== 'open') continue;
      const index = client.transportIndex;
      let frame = frames[index];
      if (frame === undefined) {
        frame = encode(client.connection.transport.codec);
        frames[index] = frame;
      }
      this.write(client, frame);
    }
  }

  /**
   * Writes one message to one client, unless the client has stopped reading:
   * past `maxBufferedBytes` unread, the slow-client policy applies instead,
   * so one slow reader cannot grow the server's memory without bound.
   */
  private write(client: Client, frame: unknown): void {
    const buffered = client.connection.bufferedBytes();
    const max = this.currentOptions.maxBufferedBytes;
    if (buffered > max) {
      this.slowClient(client, buffered, max);
      return;
    }
    client.connection.write(frame);
    client.messagesSent++;
    this.totalMessagesSent++;
  }

  private slowClient(client: Client, buffered: number, max: number): void {
    const keep =
      this.runHook('onSlowClient', {
        clientId: client.id,
        bufferedBytes: buffered,
        max,
      }) === false;
    if (keep) {
      this.slowClientDrops++;
      return;
    }
    this.slowClientCloses++;
    this.logger.warn({ clientId: client.id, buffered }, 'slow client closed');
    // Out of the registry and rooms at once, so the rest of this fan-out
    // and every later one skip it while the close makes its way out.
    this.detach(client);
    client.connection.close(CloseCode.TRY_AGAIN_LATER, 'slow consumer');
  }

  /** @internal */
  sendTo(client: Client, event: string, data: unknown): void {
    if (client.state === 'closed') return;
    this.write(client, client.connection.transport.codec.event(event, data));
  }

  /** @internal */
  sendBinaryTo(client: Client, event: string, data: BinaryData): void {
    if (client.state === 'closed') return;
    const codec = client.connection.transport.codec;
    this.write(client, codec.binary(event, toBytes(data)));
  }

  /** @internal */
  sendAck(client: Client, name: string, data: unknown): void {
    if (client.state === 'closed') return;
    this.write(client, client.connection.transport.codec.ack(name, data));
    if (client.state === 'pending' && name === 'error') {
      // The documented middleware idiom: explain, then reject.
      const message =
        typeof data === 'object' && data !== null && 'message' in data
          ? String((data as { message: unknown }).message)
          : 'connection rejected';
      this.reject(client, new Error(message));
    }
  }

  /** @internal */
  reply(client: Client, request: PendingRequest, data: unknown): void {
    if (request.replied || client.state === 'closed') return;
    const codec = client.connection.transport.codec;
    // Encoded before the request counts as answered: a value JSON cannot
    // carry (a BigInt, a cycle) throws here and must leave room for the
    // error reply.
    const frame = codec.ackReply(request.ackName, request.correlationId, data);
    request.replied = true;
    this.write(client, frame);
  }

  /** @internal */
  replyError(
    client: Client,
    request: PendingRequest,
    code: string,
    message: string,
  ): void {
    if (request.replied || client.state === 'closed') return;
    request.replied = true;
    const codec = client.connection.transport.codec;
    client.connection.write(
      codec.ackError(request.ackName, request.correlationId, code, message),
    );
  }

  /** @internal */
  refuse(
    client: Client,
    code: string,
    message: string,
    details?: RefusalDetails,
  ): void {
    if (client.state === 'closed') return;
    const codec = client.connection.transport.codec;
    client.connection.write(codec.refusal(code, message, details));
  }

  // ----- rooms -------------------------------------------------------------

  /** @internal Joins through the limits and hooks; `notify` answers a client's own request. */
  joinRoom(client: Client, room: string, notify: boolean): boolean {
    if (client.state !== 'open' || !isValidRoomName(room)) return false;
    if (client.rooms.has(room)) {
      if (notify) this.sendTo(client, ProtocolEvent.JOINED_ROOM, room);
      return true;
    }

    const options = this.currentOptions;
    if (client.rooms.size >= options.maxRoomsPerClient) {
      this.runHook('onMaxRoomsPerClientReached', {
        clientId: client.id,
        room,
        currentRooms: client.rooms.size,
        max: options.maxRoomsPerClient,
      });
      if (notify) {
        this.refuse(
          client,
          RefusalCode.MAX_ROOMS_PER_CLIENT,
          'too many rooms for this client',
          { room },
        );
      }
      return false;
    }
    if (!this.rooms.has(room) && this.rooms.size >= options.maxRooms) {
      this.runHook('onMaxRoomsReached', {
        clientId: client.id,
        room,
        totalRooms: this.rooms.size,
        max: options.maxRooms,
      });
      if (notify) {
        this.refuse(
          client,
          RefusalCode.MAX_ROOMS,
          'the server has too many rooms',
          { room },
        );
      }
      return false;
    }
    const verdict = this.runHook('onClientJoinRoom', {
      clientId: client.id,
      room,
      metadata: client.metadata,
    });
    if (verdict === false) {
      if (notify) {
        this.refuse(client, RefusalCode.JOIN_REJECTED, 'join rejected', {
          room,
        });
      }
      return false;
    }

    this.rooms.add(room, client);
    if (notify) this.sendTo(client, ProtocolEvent.JOINED_ROOM, room);
    return true;
  }

  /** @internal */
  leaveRoom(client: Client, room: string, notify: boolean): boolean {
    if (client.state !== 'open') return false;
    if (!client.rooms.has(room)) {
      if (notify) this.sendTo(client, ProtocolEvent.LEFT_ROOM, room);
      return false;
    }
    const verdict = this.runHook('onClientLeaveRoom', {
      clientId: client.id,
      room,
    });
    if (verdict === false) {
      if (notify) {
        this.refuse(client, RefusalCode.LEAVE_REJECTED, 'leave rejected', {
          room,
        });
      }
      return false;
    }
    this.rooms.remove(room, client);
    if (notify) this.sendTo(client, ProtocolEvent.LEFT_ROOM, room);
    return true;
  }

  // ----- introspection -----------------------------------------------------

  /** The connected clients, or the members of `room`. */
  getClients(room?: string): ClientSummary[] {
    const source =
      room === undefined ? this.clients.all() : this.rooms.members(room);
    if (source === undefined) return [];
    const result: ClientSummary[] = [];
    for (const client of source) {
      result.push({
        id: client.id,
        protocol: client.protocol,
        remoteAddress: client.remoteAddress,
        rooms: [...(client.roomsIfAny ?? [])],
        metadata: Object.fromEntries(client.metadataIfAny ?? []),
        connectedAt: client.connectedAt,
      });
    }
    return result;
  }

  /** Ids of the clients in `room`. */
  getRoomMembers(room: string): string[] {
    const members = this.rooms.members(room);
    return members === undefined ? [] : [...members].map((c) => c.id);
  }

  /** Names of the rooms that have members. */
  getRooms(): string[] {
    return this.rooms.names();
  }

  /** The port clients connect to (also when attached to a user's server). */
  getPort(): number | undefined {
    for (const transport of this.transports) {
      const port = transport.port();
      if (port !== undefined) return port;
    }
    return undefined;
  }

  /** Current figures of the server. */
  getStats(): StelarStats {
    const memory = process.memoryUsage();
    const uptime = this.startedAt === 0 ? 0 : Date.now() - this.startedAt;
    return {
      totalConnections: this.totalConnections,
      activeConnections: this.clients.size,
      totalMessagesReceived: this.totalMessagesReceived,
      totalMessagesSent: this.totalMessagesSent,
      totalRooms: this.rooms.size,
      uptime,
      uptimeSeconds: Math.floor(uptime / 1000),
      wsConnections: this.clients.count('ws'),
      tcpConnections: this.clients.count('tcp'),
      memoryMB: Math.round((memory.heapUsed / 1048576) * 100) / 100,
      memoryUsage: {
        heapUsed: memory.heapUsed,
        heapTotal: memory.heapTotal,
        rss: memory.rss,
        external: memory.external,
      },
      rateLimiterEntries: this.rateLimiter.size(),
      slowClientDrops: this.slowClientDrops,
      slowClientCloses: this.slowClientCloses,
    };
  }

  // ----- runtime configuration ---------------------------------------------

  /** Adds or replaces the bucket of `event`, for every client. */
  setEventRateLimit(event: string, config: RateLimitConfig): void {
    this.rateLimiter.setEventRateLimit(event, config);
    const { maxPoints, windowMs } = config;
    this.replaceEventRateLimits([
      ...this.eventLimitEntries(event),
      [event, { maxPoints, windowMs }],
    ]);
  }

  /** Removes the bucket of `event`. */
  removeEventRateLimit(event: string): void {
    this.rateLimiter.removeEventRateLimit(event);
    this.replaceEventRateLimits(this.eventLimitEntries(event));
  }

  // The options record runtime changes too, so getConfig() tells the truth
  // and a later updateConfig() does not bring back what was removed.
  // Built from entries, never by assignment: an event may be named
  // __proto__, which an assignment would turn into a prototype change.
  private replaceEventRateLimits(entries: [string, RateLimitConfig][]): void {
    this.currentOptions = Object.freeze({
      ...this.currentOptions,
      eventRateLimits: Object.fromEntries(entries),
    });
  }

  private eventLimitEntries(without: string): [string, RateLimitConfig][] {
    const current = Object.entries(this.currentOptions.eventRateLimits);
    return current.filter(([name]) => name !== without);
  }

  setClientRateLimit(id: string, config: RateLimitConfig): void {
    this.rateLimiter.setClientRateLimit(id, config);
  }

  removeClientRateLimit(id: string): void {
    this.rateLimiter.removeClientRateLimit(id);
  }

  /**
   * Changes limits, rate limits, origins and hooks of a running server.
   *
   * @throws StelarError `ERR_OPTIONS_INVALID` listing every offending option.
   */
  updateConfig(partial: UpdatableOptions): void {
    const next = mergeOptions(this.currentOptions, partial);
    this.currentOptions = next;
    this.rateLimiter.configure({
      rateLimit: next.rateLimit,
      eventRateLimits: next.eventRateLimits,
      customRateLimiter: next.customRateLimiter,
    });
  }

  /** A plain, secret-free summary of the configuration in force. */
  getConfig(): ConfigSummary {
    const tcp = this.transports.find((t) => t.protocol === 'tcp');
    return summarizeConfig(this.currentOptions, this.getPort(), tcp?.port());
  }

  // ----- hooks -------------------------------------------------------------

  /**
   * Runs a hook with its exceptions contained: one that throws is logged and
   * counts as not cancelling.
   */
  /** @internal */
  runHook<Name extends HookName>(
    name: Name,
    payload: Parameters<NonNullable<StelarHooks[Name]>>[0],
  ): HookResult {
    const hook = this.currentOptions.hooks[name] as
      ((p: typeof payload) => HookResult) | undefined;
    if (hook === undefined) return undefined;
    try {
      const result = hook(payload);
      if (isThenable(result)) {
        // Hooks decide synchronously; a promise cannot cancel anything, but
        // its rejection must not go unhandled.
        result.then(undefined, (error: unknown) => {
          this.logger.error({ err: error, hook: name }, 'hook failed');
        });
        return undefined;
      }
      return result;
    } catch (error) {
      this.logger.error({ err: error, hook: name }, 'hook failed');
      return undefined;
    }
  }

  // ----- the transport side ------------------------------------------------

  private createHost(): TransportHost {
    const core = this;
    return {
      get options() {
        return core.currentOptions;
      },
      logger: this.logger,
      admit: (ip) => this.admit(ip),
      release: (ip) => this.release(ip),
      open: (connection, ip, requestedAt) =>
        this.open(connection, ip, requestedAt),
      receive: (client, raw, size) => this.messages.receive(client, raw, size),
      closed: (client) => this.closed(client),
    };
  }

  private admit(ip: string): Admission {
    if (this.state !== 'running') {
      return {
        admitted: false,
        reason: 'full',
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      };
    }
    const max = this.currentOptions.maxConnections;
    if (this.reserved >= max) {
      this.runHook('onMaxConnectionsReached', {
        activeConnections: this.clients.size,
        max,
        ip,
      });
      return {
        admitted: false,
        reason: 'full',
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      };
    }
    if (!this.ipTracker.check(ip)) {
      return {
        admitted: false,
        reason: 'ip',
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      };
    }
    this.ipTracker.add(ip);
    this.reserved++;
    return { admitted: true };
  }

  private release(ip: string): void {
    this.ipTracker.remove(ip);
    this.reserved--;
    if (this.reserved === 0 && this.drained !== null) this.drained();
  }

  private open(
    connection: Connection,
    ip: string,
    requestedAt: number,
  ): Client {
    const index = this.transports.indexOf(connection.transport);
    const id = this.makeClientId();
    const client = new Client(id ?? '', connection, index, ip);
    if (id === undefined) {
      // The id generator failed us: the connection cannot be told apart from
      // another, so it is dropped with an internal error and may retry.
      client.state = 'closed';
      connection.close(CloseCode.INTERNAL_ERROR, 'client id unavailable');
      return client;
    }

    if (this.middlewares.length === 0) {
      // Nothing to wait for: accepted at once, without the promise, timer
      // and context an admission through middleware needs.
      this.accept(client);
      return client;
    }
    this.pending.set(id, client);
    const remaining =
      this.currentOptions.connectTimeout - (Date.now() - requestedAt);
    client.admissionTimer = setTimeout(
      admissionTimedOut,
      Math.max(0, remaining),
      this,
      client,
    );
    client.admissionTimer.unref();
    this.runMiddleware(client).then(
      () => this.accept(client),
      (error: unknown) => this.reject(client, error),
    );
    return client;
  }

  private makeClientId(): string | undefined {
    const generate = this.currentOptions.generateClientId;
    if (generate === undefined) return randomUUID();
    let id: unknown;
    try {
      id = generate();
    } catch (error) {
      this.logger.error({ err: error }, 'generateClientId threw');
      return undefined;
    }
    if (typeof id !== 'string' || id.length === 0) {
      this.logger.error(
        { code: CoreErrorCode.CLIENT_ID_INVALID, type: typeof id },
        'generateClientId returned no string',
      );
      return undefined;
    }
    if (this.clients.has(id) || this.pending.has(id)) {
      this.logger.error(
        { code: CoreErrorCode.CLIENT_ID_DUPLICATE, clientId: id },
        'generateClientId returned an id in use',
      );
      return undefined;
    }
    return id;
  }

  private runMiddleware(client: Client): Promise<void> {
    const middlewares = this.middlewares;
    const ctx = new Context<undefined>(this, client, 'connect', undefined);
    return new Promise((resolve, reject) => {
      let index = 0;
      const step = (error?: unknown): void => {
        if (client.state !== 'pending') return;
        if (error !== undefined && error !== null) {
          reject(error);
          return;
        }
        const middleware = middlewares[index++];
        if (middleware === undefined) {
          resolve();
          return;
        }
        let called = false;
        const next = (err?: unknown): void => {
          if (called) return;
          called = true;
          step(err);
        };
        try {
          const result = middleware(ctx, next);
          if (isThenable(result)) result.then(undefined, reject);
        } catch (err) {
          reject(err);
        }
      };
      step();
    });
  }

  private accept(client: Client): void {
    if (client.state !== 'pending') return;
    this.clearAdmission(client);
    if (!this.clients.add(client)) {
      client.state = 'closed';
      client.connection.close(CloseCode.INTERNAL_ERROR, 'client id in use');
      return;
    }
    client.state = 'open';
    client.connectedAt = Date.now();
    this.totalConnections++;
    client.connection.accept(client.id);

    // The payload hands out the metadata map, which is created on first use;
    // without the hook, a client that never gets metadata never gets a map.
    if (this.currentOptions.hooks.onClientConnect !== undefined) {
      this.runHook('onClientConnect', {
        clientId: client.id,
        ip: client.remoteAddress,
        protocol: client.protocol,
        metadata: client.metadata,
      });
    }
    this.logger.debug(
      { clientId: client.id, protocol: client.protocol },
      'client connected',
    );
    this.runConnectionHandlers(this.connectionHandlers, client, 'connect');
    this.messages.drainBacklog(client);
  }

  /** @internal Rejects a client whose admission failed or timed out. */
  reject(client: Client, error: unknown): void {
    if (client.state !== 'pending') return;
    this.clearAdmission(client);
    const reason = closeReason(error);
    this.refuse(client, RefusalCode.REJECTED, reason);
    this.detach(client);
    this.logger.info({ clientId: client.id, reason }, 'connection rejected');
    client.connection.close(CloseCode.POLICY_VIOLATION, reason);
  }

  private clearAdmission(client: Client): void {
    this.pending.delete(client.id);
    if (client.admissionTimer !== null) {
      clearTimeout(client.admissionTimer);
      client.admissionTimer = null;
    }
  }

  /** The transport reports a connection gone; it does so once for each. */
  private closed(client: Client): void {
    this.detach(client);
    this.release(client.remoteAddress);
  }

  /**
   * Takes a client out of the registry and its rooms and tells the hooks and
   * handlers. Runs once, when the kernel or the transport ends the client.
   */
  /** @internal */
  detach(client: Client): void {
    const previous = client.state;
    if (previous === 'closed') return;
    client.state = 'closed';
    client.backlog = null;
    if (previous === 'pending') {
      this.clearAdmission(client);
      return;
    }

    this.clients.remove(client);
    this.rooms.removeEverywhere(client);
    this.rateLimiter.forget(client.id);
    // As on connect, the payload would create the client's rooms set.
    if (this.currentOptions.hooks.onClientDisconnect !== undefined) {
      this.runHook('onClientDisconnect', {
        clientId: client.id,
        ip: client.remoteAddress,
        protocol: client.protocol,
        rooms: client.rooms,
      });
    }
    this.logger.debug({ clientId: client.id }, 'client disconnected');
    this.runConnectionHandlers(this.disconnectHandlers, client, 'disconnect');
  }

  /** @internal Counts a message a client sent. */
  countReceived(): void {
    this.totalMessagesReceived++;
  }

  /** Runs onConnection or onDisconnect handlers, if there are any. */
  private runConnectionHandlers(
    handlers: readonly ConnectionHandler[],
    client: Client,
    event: 'connect' | 'disconnect',
  ): void {
    if (handlers.length === 0) return;
    const ctx = new Context<undefined>(this, client, event, undefined);
    for (const handler of handlers) this.router.invoke(handler, ctx, event);
  }
}

function admissionTimedOut(core: StelarCore, client: Client): void {
  client.admissionTimer = null;
  core.reject(client, new Error('connect timeout'));
}
