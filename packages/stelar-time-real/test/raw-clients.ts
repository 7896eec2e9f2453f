import { Activity } from '@stelar/testing';
import { createServer, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { FrameDecoder, FrameType, encodeFrame } from '@stelar/protocol';
import type { Frame } from '@stelar/protocol';
import WebSocket from 'ws';
import type { StelarOptions, StelarServer } from '../src/index.js';
import { WAIT_MS, within, type Harness } from './harness.js';

/** The two transports a raw client can speak. */
export type TransportKind = 'ws' | 'tcp';

/** Both transports of the server under test. */
export const TRANSPORTS: readonly TransportKind[] = ['ws', 'tcp'];

/**
 * What a received message is, across transports:
 * - `accept`: the welcome (WebSocket) or CONNECT (TCP);
 * - `event`: a JSON event (`joined-room` and `stelar:error` included);
 * - `binary`: a binary message, `data` holding its bytes;
 * - `ack`: a reply to a request, or an ack-style message (ACK_RES on TCP);
 * - `error`: TCP's ERROR frame, `data` holding its reason;
 * - `disconnect`: TCP's DISCONNECT frame;
 * - `ping` / `pong`: liveness (WebSocket control frames, TCP frames);
 * - `unknown`: a frame type the protocol does not define, or bytes that
 *   are no frames at all.
 */
export type MessageKind =
  | 'accept'
  | 'event'
  | 'binary'
  | 'ack'
  | 'error'
  | 'disconnect'
  | 'ping'
  | 'pong'
  | 'unknown';

/** One message a raw client received, normalised across transports. */
export interface RawMessage {
  kind: MessageKind;
  /** The event name, the ack name of a reply, `error` for TCP's ERROR. */
  event: string;
  /** Parsed JSON data, the bytes of a binary message, an ERROR's reason. */
  data: unknown;
  isBinary: boolean;
  /** A reply's correlation id. */
  correlationId?: string | number;
  /** A failed reply's error. */
  error?: { code: string; message: string };
  /** TCP only: the frame type code. */
  frameType?: number;
}

/** The answer to a request: its data, or the error it failed with. */
export type RawReply =
  { data: unknown } | { error: { code: string; message: string } };

/** How a raw client's connection ended. */
export interface RawClosed {
  /** WebSocket: the close code (1006 without a close frame); TCP: null. */
  code: number | null;
  /** WebSocket: the close reason; TCP: the text of the last ERROR frame. */
  reason: string;
  /** WebSocket: the status of a refused upgrade; otherwise null. */
  httpStatus: number | null;
  /** TCP: the last frame before the end when it was ERROR or DISCONNECT. */
  lastFrame: 'error' | 'disconnect' | null;
}

/** A predicate over received messages. */
export type RawMatch = (message: RawMessage) => boolean;

/** Where the server under test listens. */
export interface Endpoints {
  ws: number;
  tcp: number;
  /** The TCP listener speaks TLS. */
  tls?: boolean;
}

/** Options of a raw client. */
export interface RawClientOptions {
  /** Answer the server's pings (default true). */
  autoPong?: boolean;
  /** TCP: keep the client's side open after the server ended its own. */
  allowHalfOpen?: boolean;
}

/** Longest frame a raw TCP client accepts from the server, in bytes. */
const CLIENT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
const EMPTY = new Uint8Array(0);
const textDecoder = new TextDecoder();

/**
 * A client speaking the wire protocol by hand, with no library in between:
 * raw `ws` for WebSocket, a raw `net`/`tls` socket for TCP. Everything it
 * receives is kept in order; `next()` hands each message out once.
 */
export abstract class RawClient {
  abstract readonly kind: TransportKind;
  /** Every message received, in arrival order. */
  readonly received: RawMessage[] = [];
  /** Settles when the connection has ended, however it ended. */
  readonly closed: Promise<RawClosed>;
  /** Set once the server accepted the client. */
  id = '';

  protected closeInfo: RawClosed | null = null;
  private resolveClosed: (closed: RawClosed) => void = () => undefined;
  private readonly taken = new Set<RawMessage>();
  private readonly activity = new Activity();
  private correlation = 0;

  constructor() {
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
  }

  /** Sends an event. */
  abstract emit(event: string, data?: unknown): void;
  /** Sends a binary event. */
  abstract emitBinary(event: string, bytes: Uint8Array): void;
  /** Sends bytes (or, on WebSocket, a text frame) exactly as given. */
  abstract sendRaw(bytes: Uint8Array | string): void;
  /** Drops the connection at once. */
  abstract destroy(): void;
  /** Resolves once the link is up (TLS included), before any acceptance. */
  abstract opened(): Promise<void>;
  /** Whether the connection is open. */
  abstract isOpen(): boolean;
  protected abstract sendRequest(
    event: string,
    data: unknown,
    ackName: string,
    correlationId: string,
  ): void;
  protected abstract sendMembership(kind: 'join' | 'leave', room: string): void;
  /** Sends a ping of this transport's own kind. */
  protected abstract sendPing(): void;

  /** Waits for the acceptance (welcome or CONNECT); resolves with the id. */
  async accepted(timeoutMs = WAIT_MS): Promise<string> {
    await this.next((m) => m.kind === 'accept', timeoutMs);
    return this.id;
  }

  /** Sends a request to ack handler `ackName`; resolves with its reply. */
  async request(
    event: string,
    data: unknown,
    ackName: string,
  ): Promise<RawReply> {
    const correlationId = `c${++this.correlation}`;
    this.sendRequest(event, data, ackName, correlationId);
    const reply = await this.next(
      (m) => m.kind === 'ack' && m.correlationId === correlationId,
    );
    return reply.error === undefined
      ? { data: reply.data }
      : { error: reply.error };
  }

  /** Joins `room`; resolves with `joined-room` or the `stelar:error`. */
  join(room: string): Promise<RawMessage> {
    this.sendMembership('join', room);
    return this.next(answersMembership('joined-room', room));
  }

  /** Leaves `room`; resolves with `left-room` or the `stelar:error`. */
  leave(room: string): Promise<RawMessage> {
    this.sendMembership('leave', room);
    return this.next(answersMembership('left-room', room));
  }

  /**
   * A ping of the client's own, answered by the server after everything
   * sent before it: once the pong is back, the server has handled those
   * messages and what it wrote in reply has arrived.
   */
  async roundTrip(timeoutMs = WAIT_MS): Promise<void> {
    this.sendPing();
    await this.next((m) => m.kind === 'pong', timeoutMs);
  }

  /**
   * The first message not yet handed out that matches `match`, waiting up
   * to `timeoutMs` for it. Fails when it does not come or the connection
   * ends first.
   */
  async next(
    match: RawMatch = () => true,
    timeoutMs = WAIT_MS,
  ): Promise<RawMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((m) => !this.taken.has(m) && match(m));
      if (found !== undefined) {
        this.taken.add(found);
        return found;
      }
      if (this.closeInfo !== null) {
        throw new Error(
          `${this.kind} client closed (${JSON.stringify(this.closeInfo)}) before the awaited message; got ${this.describe()}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `${this.kind} client timed out waiting for a message; got ${this.describe()}`,
        );
      }
      await this.activity.wait(left);
    }
  }

  /** Hands out every message not yet handed out that came before `stop`. */
  takeBefore(stop: RawMessage): RawMessage[] {
    const end = this.received.indexOf(stop);
    const left = this.received.slice(0, end).filter((m) => !this.taken.has(m));
    for (const m of left) this.taken.add(m);
    return left;
  }

  /**
   * What arrived so far, liveness left out, one word each: the event name
   * of an event or binary message, the kind of anything else (`accept`,
   * `ack`, `error`, `disconnect`). Shows the order of a conversation.
   */
  transcript(): string[] {
    return this.received
      .filter((m) => m.kind !== 'ping' && m.kind !== 'pong')
      .map((m) =>
        m.kind === 'event' || m.kind === 'binary' ? m.event : m.kind,
      );
  }

  /** Waits for the end of the connection, up to `timeoutMs`. */
  waitClosed(timeoutMs = WAIT_MS): Promise<RawClosed> {
    return within(this.closed, `the ${this.kind} close`, timeoutMs);
  }

  protected record(message: RawMessage): void {
    if (message.kind === 'accept') this.id = String(message.data);
    this.received.push(message);
    this.activity.wake();
  }

  protected finish(closed: RawClosed): void {
    if (this.closeInfo !== null) return;
    this.closeInfo = closed;
    this.resolveClosed(closed);
    this.activity.wake();
  }

  private describe(): string {
    const shown = this.received
      .filter((m) => m.kind !== 'ping' && m.kind !== 'pong')
      .map((m) => `${m.kind}:${m.event}:${JSON.stringify(m.data)}`);
    return JSON.stringify(shown);
  }
}

function answersMembership(confirmation: string, room: string): RawMatch {
  return (m) =>
    m.kind === 'event' &&
    (m.event === confirmation || m.event === 'stelar:error') &&
    (m.event === 'stelar:error'
      ? (m.data as { room?: unknown }).room === room
      : m.data === room);
}

/** A raw `ws` client. */
export class WsRawClient extends RawClient {
  readonly kind = 'ws' as const;
  readonly ws: WebSocket;
  private httpStatus: number | null = null;

  constructor(port: number, options: RawClientOptions = {}) {
    super();
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/`, {
      autoPong: options.autoPong ?? true,
    });
    this.ws.on('message', (raw: Buffer, isBinary: boolean) =>
      this.record(isBinary ? decodeWsBinary(raw) : decodeWsText(raw)),
    );
    this.ws.on('ping', () => this.record(control('ping')));
    this.ws.on('pong', () => this.record(control('pong')));
    this.ws.on('unexpected-response', (_req, res) => {
      this.httpStatus = res.statusCode ?? 0;
      res.resume();
      this.ws.terminate();
    });
    // Refusals and resets end in a close, which is what tests look at.
    this.ws.on('error', () => undefined);
    this.ws.on('close', (code: number, reason: Buffer) =>
      this.finish({
        code,
        reason: reason.toString('utf8'),
        httpStatus: this.httpStatus,
        lastFrame: null,
      }),
    );
  }

  emit(event: string, data?: unknown): void {
    this.send(data === undefined ? { event } : { event, data });
  }

  emitBinary(event: string, bytes: Uint8Array): void {
    const header = Buffer.from(JSON.stringify({ event }), 'utf8');
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(header.length, 0);
    this.ws.send(Buffer.concat([prefix, header, bytes]), { binary: true });
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.ws.send(bytes, { binary: typeof bytes !== 'string' });
  }

  destroy(): void {
    this.ws.terminate();
  }

  async opened(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) return;
    await within(
      new Promise((resolve) => this.ws.once('open', resolve)),
      'the WebSocket open',
      WAIT_MS,
    );
  }

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  protected sendRequest(
    event: string,
    data: unknown,
    ackName: string,
    correlationId: string,
  ): void {
    this.send({
      event,
      data,
      _ackName: ackName,
      _correlationId: correlationId,
    });
  }

  protected sendMembership(kind: 'join' | 'leave', room: string): void {
    this.emit(kind === 'join' ? 'join-room' : 'leave-room', room);
  }

  protected sendPing(): void {
    this.ws.ping();
  }

  private send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }
}

function control(kind: 'ping' | 'pong'): RawMessage {
  return { kind, event: '', data: undefined, isBinary: false };
}

function decodeWsText(raw: Buffer): RawMessage {
  const message = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  const event = String(message['event']);
  if (event === 'stelar:welcome') {
    const id = (message['data'] as { id: string }).id;
    return { kind: 'accept', event, data: id, isBinary: false };
  }
  if (message['_isAck'] === true) {
    const ack: RawMessage = {
      kind: 'ack',
      event,
      data: message['data'],
      isBinary: false,
    };
    const correlationId = message['_correlationId'];
    if (correlationId !== undefined) {
      ack.correlationId = correlationId as string | number;
    }
    if (message['error'] !== undefined) {
      ack.error = message['error'] as { code: string; message: string };
    }
    return ack;
  }
  return { kind: 'event', event, data: message['data'], isBinary: false };
}

function decodeWsBinary(raw: Buffer): RawMessage {
  const headerLength = raw.readUInt32BE(0);
  const header = JSON.parse(
    raw.subarray(4, 4 + headerLength).toString('utf8'),
  ) as { event: string };
  return {
    kind: 'binary',
    event: header.event,
    data: raw.subarray(4 + headerLength),
    isBinary: true,
  };
}

/** A raw TCP (or TLS) client: a socket, a frame decoder and nothing else. */
export class TcpRawClient extends RawClient {
  readonly kind = 'tcp' as const;
  readonly socket: Socket;
  /** Set when the server ended its side of the stream (a FIN). */
  ended = false;
  private readonly autoPong: boolean;
  private readonly decoder = new FrameDecoder(CLIENT_MAX_FRAME_BYTES);
  private lastFrame: RawClosed['lastFrame'] = null;
  private lastReason = '';
  private readonly linkEvent: 'connect' | 'secureConnect';
  private linked = false;

  constructor(
    port: number,
    options: RawClientOptions & { tls?: boolean } = {},
  ) {
    super();
    this.autoPong = options.autoPong ?? true;
    this.socket =
      options.tls === true
        ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false })
        : netConnect({
            host: '127.0.0.1',
            port,
            allowHalfOpen: options.allowHalfOpen === true,
          });
    this.linkEvent = options.tls === true ? 'secureConnect' : 'connect';
    this.socket.once(this.linkEvent, () => {
      this.linked = true;
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('end', () => {
      this.ended = true;
    });
    // A reset ends in 'close', which is what tests look at.
    this.socket.on('error', () => undefined);
    this.socket.on('close', () =>
      this.finish({
        code: null,
        reason: this.lastReason,
        httpStatus: null,
        lastFrame: this.lastFrame,
      }),
    );
  }

  /** Sends one frame built from its parts. */
  sendFrame(
    type: number,
    event: string,
    payload: Uint8Array | string = EMPTY,
  ): void {
    this.socket.write(encodeFrame(type as FrameType, event, payload));
  }

  emit(event: string, data?: unknown): void {
    const payload = data === undefined ? '' : JSON.stringify(data);
    this.sendFrame(FrameType.JSON, event, payload);
  }

  emitBinary(event: string, bytes: Uint8Array): void {
    this.sendFrame(FrameType.BINARY, event, bytes);
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }

  async opened(): Promise<void> {
    if (this.linked) return;
    await within(
      new Promise((resolve) => this.socket.once(this.linkEvent, resolve)),
      'the TCP connect',
      WAIT_MS,
    );
  }

  isOpen(): boolean {
    return !this.socket.destroyed && this.closeInfo === null;
  }

  protected sendRequest(
    event: string,
    data: unknown,
    ackName: string,
    correlationId: string,
  ): void {
    const body = JSON.stringify({ event, data, _correlationId: correlationId });
    this.sendFrame(FrameType.ACK_REQ, ackName, body);
  }

  protected sendMembership(kind: 'join' | 'leave', room: string): void {
    if (kind === 'join') this.sendFrame(FrameType.JOIN, 'join-room', room);
    else this.sendFrame(FrameType.LEAVE, 'leave-room', room);
  }

  protected sendPing(): void {
    this.sendFrame(FrameType.PING, '');
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      // Bytes that are no frames (a TLS alert to a plain client, say) are
      // kept as one `unknown` message rather than thrown from a listener.
      const data = error instanceof Error ? error.message : String(error);
      this.record({ kind: 'unknown', event: '', data, isBinary: false });
      this.socket.destroy();
      return;
    }
    for (const frame of frames) {
      if (frame.type === FrameType.PING && this.autoPong) {
        this.sendFrame(FrameType.PONG, '');
      }
      const message = decodeTcpFrame(frame);
      if (message.kind === 'error') {
        this.lastFrame = 'error';
        this.lastReason = String(message.data);
      } else if (message.kind === 'disconnect') {
        this.lastFrame = 'disconnect';
      } else if (message.kind !== 'ping' && message.kind !== 'pong') {
        this.lastFrame = null;
      }
      this.record(message);
    }
  }
}

function decodeTcpFrame(frame: Frame): RawMessage {
  const base = { event: frame.event, isBinary: false, frameType: frame.type };
  const text = textDecoder.decode(frame.payload);
  switch (frame.type) {
    case FrameType.JSON:
      return {
        ...base,
        kind: 'event',
        data: text === '' ? undefined : JSON.parse(text),
      };
    case FrameType.BINARY:
      return {
        ...base,
        kind: 'binary',
        data: Buffer.from(frame.payload),
        isBinary: true,
      };
    case FrameType.ACK_RES:
      return decodeAckResponse(base, text);
    case FrameType.CONNECT:
      return { ...base, kind: 'accept', data: text };
    case FrameType.ERROR:
      return { ...base, kind: 'error', data: text };
    case FrameType.DISCONNECT:
      return { ...base, kind: 'disconnect', data: undefined };
    case FrameType.PING:
      return { ...base, kind: 'ping', data: undefined };
    case FrameType.PONG:
      return { ...base, kind: 'pong', data: undefined };
    default:
      return { ...base, kind: 'unknown', data: text };
  }
}

function decodeAckResponse(
  base: Pick<RawMessage, 'event' | 'isBinary' | 'frameType'>,
  text: string,
): RawMessage {
  const body = JSON.parse(text) as {
    data?: unknown;
    error?: { code: string; message: string };
    _correlationId?: string | number;
  };
  const ack: RawMessage = { ...base, kind: 'ack', data: body.data };
  if (body._correlationId !== undefined) {
    ack.correlationId = body._correlationId;
  }
  if (body.error !== undefined) ack.error = body.error;
  return ack;
}

/**
 * The raw clients a test opened, destroyed in `afterEach` before the
 * servers stop.
 */
export class RawClients {
  private readonly open = new Set<RawClient>();

  /** Opens a client without waiting for anything. */
  connectTo(
    kind: TransportKind,
    endpoints: Endpoints,
    options: RawClientOptions = {},
  ): RawClient {
    const client =
      kind === 'ws'
        ? new WsRawClient(endpoints.ws, options)
        : new TcpRawClient(endpoints.tcp, {
            ...options,
            tls: endpoints.tls === true,
          });
    this.open.add(client);
    return client;
  }

  /** Opens a client and waits for its acceptance. */
  async accepted(
    kind: TransportKind,
    endpoints: Endpoints,
    options: RawClientOptions = {},
  ): Promise<RawClient> {
    const client = this.connectTo(kind, endpoints, options);
    await client.accepted();
    return client;
  }

  /** Opens a raw TCP client (TLS when the endpoints say so). */
  tcp(endpoints: Endpoints, options: RawClientOptions = {}): TcpRawClient {
    return this.connectTo('tcp', endpoints, options) as TcpRawClient;
  }

  destroyAll(): void {
    for (const client of this.open) client.destroy();
    this.open.clear();
  }
}

/** Attempts at starting a server on probed ports before giving up. */
const START_ATTEMPTS = 5;

/**
 * `count` distinct ports free right now, found by listening on port 0 with
 * throwaway servers held open together, then closing them.
 */
export async function freePorts(count: number): Promise<number[]> {
  const probes = Array.from({ length: count }, () => createServer());
  await Promise.all(
    probes.map(
      (probe) => new Promise<void>((resolve) => probe.listen(0, resolve)),
    ),
  );
  const ports = probes.map((probe) => {
    const address = probe.address();
    if (typeof address !== 'object' || address === null) {
      throw new Error('a probe server has no port');
    }
    return address.port;
  });
  await Promise.all(
    probes.map(
      (probe) => new Promise<void>((resolve) => probe.close(() => resolve())),
    ),
  );
  return ports;
}

/**
 * Starts a server with both transports through `harness`, on ports picked
 * beforehand: the server does not report the port its TCP listener picked.
 * Both ports are picked, not only the TCP one: Linux hands a port just
 * freed to the next listen on port 0, so a WebSocket listener on port 0
 * would take the TCP port from under it. Another process may still take a
 * port in between; the start is then tried again on fresh ports.
 */
export async function startWithTcp(
  harness: Harness,
  options: StelarOptions = {},
): Promise<{ stelar: StelarServer; endpoints: Endpoints }> {
  for (let attempt = 1; ; attempt++) {
    const [port, tcpPort] = (await freePorts(2)) as [number, number];
    try {
      const stelar = await harness.server({ port, tcpPort, ...options });
      return {
        stelar,
        endpoints: { ws: port, tcp: tcpPort, tls: options.tls !== undefined },
      };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'EADDRINUSE' || attempt === START_ATTEMPTS) throw error;
    }
  }
}

/**
 * Proves what `client` got and nothing more: the server sends it a sentinel
 * through `toId`, and since one connection keeps its order, anything sent to
 * it before arrives first. Returns the events of the messages not yet handed
 * out that came before the sentinel (liveness left out), and hands them out.
 */
export async function drain(
  stelar: StelarServer,
  client: RawClient,
): Promise<string[]> {
  const token = `sentinel-${Math.random().toString(36).slice(2)}`;
  if (!stelar.toId(client.id, 'test.sentinel', token)) {
    throw new Error(`toId found no client ${client.id}`);
  }
  const sentinel = await client.next(
    (m) => m.event === 'test.sentinel' && m.data === token,
  );
  return client
    .takeBefore(sentinel)
    .filter((m) => m.kind !== 'ping' && m.kind !== 'pong')
    .map((m) => m.event);
}

/** Matches a `stelar:error` refusal carrying `code`. */
export function refusal(code: string): RawMatch {
  return (m) =>
    m.kind === 'event' &&
    m.event === 'stelar:error' &&
    (m.data as { code?: unknown } | undefined)?.code === code;
}

/** Matches an event by name. */
export function byEvent(event: string): RawMatch {
  return (m) =>
    (m.kind === 'event' || m.kind === 'binary') && m.event === event;
}
