import { Activity } from '@stelar/testing';
import WebSocket from 'ws';
import { StelarServer, type StelarOptions } from '../src/index.js';

/** Longest a test waits for any one thing, in milliseconds. */
export const WAIT_MS = 2000;

/** One message a test client received. */
export interface Received {
  /** The event name; for a binary message, the one in its header. */
  event: string;
  /** The parsed payload; the payload bytes for a binary message. */
  data: unknown;
  /** The whole decoded JSON object (the header for a binary message). */
  message: Record<string, unknown>;
  /** The raw text frame, or the raw bytes of a binary frame. */
  raw: string | Buffer;
  isBinary: boolean;
}

/** How a connection ended, as the client saw it. */
export interface Closed {
  code: number;
  reason: string;
}

/** A predicate over received messages. */
export type Match = (message: Received) => boolean;

const servers = new Set<StelarServer>();
const clients = new Set<TestClient>();

/**
 * Starts a real server on 127.0.0.1, port 0. Quiet, without signal handlers
 * and with a short shutdown, unless the test overrides it.
 */
export async function startServer(
  options: StelarOptions = {},
): Promise<StelarServer> {
  const server = new StelarServer({
    port: 0,
    logger: false,
    gracefulShutdown: false,
    shutdownTimeout: 500,
    ...options,
  });
  servers.add(server);
  await server.start();
  return server;
}

/** Decodes a binary frame of PROTOCOL.md: u32 length, JSON header, payload. */
export function decodeBinaryFrame(frame: Buffer): {
  header: Record<string, unknown>;
  payload: Buffer;
} {
  const headerLength = frame.readUInt32BE(0);
  const headerText = frame.subarray(4, 4 + headerLength).toString('utf8');
  return {
    header: JSON.parse(headerText) as Record<string, unknown>,
    payload: frame.subarray(4 + headerLength),
  };
}

/** Builds a client binary frame with `header` as its JSON header. */
export function encodeBinaryFrame(
  header: unknown,
  payload: Uint8Array = new Uint8Array(0),
): Buffer {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(headerBytes.length, 0);
  return Buffer.concat([prefix, headerBytes, payload]);
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Matches messages of one event, and optionally one predicate more. */
export function byEvent(event: string, also?: Match): Match {
  return (m) => m.event === event && (also === undefined || also(m));
}

/** Matches a `stelar:error` refusal carrying `code`. */
export function refusal(code: string): Match {
  return (m) =>
    m.event === 'stelar:error' &&
    (m.data as { code?: unknown } | undefined)?.code === code;
}

/**
 * A real `ws` client that records everything it receives. `next()` hands out
 * each message once, in arrival order, so a test can walk a conversation.
 */
export class TestClient {
  readonly ws: WebSocket;
  /** Every message received, the welcome included, in arrival order. */
  readonly received: Received[] = [];
  /** Settles with the close the client saw. */
  readonly closed: Promise<Closed>;
  /** Set once the welcome arrives. */
  id = '';
  /** Set when the server refused the upgrade with an HTTP status. */
  httpStatus: number | undefined;

  private readonly taken = new Set<Received>();
  private readonly activity = new Activity();
  private closeInfo: Closed | null = null;
  private correlation = 0;

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, options);
    this.ws.on('message', (raw: Buffer, isBinary: boolean) =>
      this.record(raw, isBinary),
    );
    this.ws.on('unexpected-response', (_req, res) => {
      this.httpStatus = res.statusCode;
      res.resume();
      this.ws.terminate();
    });
    // Errors end in a close; the close is what tests look at.
    this.ws.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code: number, reason: Buffer) => {
        this.closeInfo = { code, reason: reason.toString('utf8') };
        this.activity.wake();
        resolve(this.closeInfo);
      });
    });
  }

  /** Whether the socket is open. */
  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Resolves when the socket opens (before the welcome). */
  opened(timeoutMs = WAIT_MS): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    return withTimeout(
      new Promise<void>((resolve, reject) => {
        this.ws.once('open', () => resolve());
        this.ws.once('close', () => reject(new Error('closed before open')));
      }),
      timeoutMs,
      'socket open',
    );
  }

  /** Waits for the welcome and records the client id it carries. */
  async welcomed(timeoutMs = WAIT_MS): Promise<string> {
    const welcome = await this.next(byEvent('stelar:welcome'), timeoutMs);
    this.id = (welcome.data as { id: string }).id;
    return this.id;
  }

  /** Sends a JSON message (or any value, JSON-encoded). */
  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Sends an event message. */
  emit(event: string, data?: unknown): void {
    this.send(data === undefined ? { event } : { event, data });
  }

  /** Sends a frame as is: text for a string, binary for bytes. */
  sendRaw(frame: string | Uint8Array): void {
    this.ws.send(frame, { binary: typeof frame !== 'string' });
  }

  /**
   * Sends a request and waits for the reply with its correlation id. The
   * reply is returned whole, so a test can read `data` or `error`.
   */
  async request(
    event: string,
    data?: unknown,
    ackName?: string,
    correlationId: string | number = `c${++this.correlation}`,
  ): Promise<Received> {
    const message: Record<string, unknown> = {
      event,
      data,
      _correlationId: correlationId,
    };
    if (ackName !== undefined) message['_ackName'] = ackName;
    this.send(message);
    return this.next(
      (m) =>
        m.message['_isAck'] === true &&
        m.message['_correlationId'] === correlationId,
    );
  }

  /** Joins a room and waits for `joined-room`. */
  async join(room: string): Promise<void> {
    this.emit('join-room', room);
    await this.next(byEvent('joined-room', (m) => m.data === room));
  }

  /**
   * The first message not yet handed out that matches `match`, waiting up
   * to `timeoutMs` for it. Fails when it does not come or the socket closes.
   */
  async next(
    match: Match = () => true,
    timeoutMs = WAIT_MS,
  ): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((m) => !this.taken.has(m) && match(m));
      if (found !== undefined) {
        this.taken.add(found);
        return found;
      }
      if (this.closeInfo !== null) {
        throw new Error(
          `closed (${this.closeInfo.code} ${this.closeInfo.reason}) before the awaited message; got ${this.describe()}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for a message; got ${this.describe()}`,
        );
      }
      await this.activity.wait(left);
    }
  }

  /** Events received so far, in order (the welcome included). */
  events(): string[] {
    return this.received.map((m) => m.event);
  }

  /**
   * A ping round trip. `ws` answers a ping when it parses it, after every
   * frame sent before it, and our handlers are synchronous: once the pong is
   * back, the server has handled everything this client sent earlier and
   * everything it wrote in reply has arrived.
   */
  roundTrip(timeoutMs = WAIT_MS): Promise<void> {
    return withTimeout(
      new Promise<void>((resolve) => {
        this.ws.once('pong', () => resolve());
        this.ws.ping();
      }),
      timeoutMs,
      'pong',
    );
  }

  /** Hands out every message not yet handed out that came before `stop`. */
  takeBefore(stop: Received): Received[] {
    const end = this.received.indexOf(stop);
    const left = this.received.slice(0, end).filter((m) => !this.taken.has(m));
    for (const m of left) this.taken.add(m);
    return left;
  }

  /** Waits for the close, up to `timeoutMs`. */
  waitClose(timeoutMs = WAIT_MS): Promise<Closed> {
    return withTimeout(this.closed, timeoutMs, 'close');
  }

  private record(raw: Buffer, isBinary: boolean): void {
    if (isBinary) {
      const { header, payload } = decodeBinaryFrame(raw);
      this.received.push({
        event: String(header['event']),
        data: payload,
        message: header,
        raw,
        isBinary,
      });
    } else {
      const text = raw.toString('utf8');
      const message = JSON.parse(text) as Record<string, unknown>;
      this.received.push({
        event: String(message['event']),
        data: message['data'],
        message,
        raw: text,
        isBinary,
      });
    }
    this.activity.wake();
  }

  private describe(): string {
    return JSON.stringify(this.received.map((m) => m.raw.toString()));
  }
}

function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The WebSocket URL of a running server. */
export function urlOf(server: StelarServer, path = '/'): string {
  return `ws://127.0.0.1:${server.getPort()}${path}`;
}

/** Opens a client without waiting for anything. */
export function openClient(
  server: StelarServer,
  options: WebSocket.ClientOptions = {},
): TestClient {
  const client = new TestClient(urlOf(server), options);
  clients.add(client);
  return client;
}

/** Opens a client and waits for its welcome. */
export async function connect(server: StelarServer): Promise<TestClient> {
  const client = openClient(server);
  await client.welcomed();
  return client;
}

/**
 * Proves what `client` got and nothing more: the server sends it a sentinel
 * through `toId`, and since one connection keeps its order, anything sent to
 * it before arrives first. Returns the events of the messages not yet handed
 * out by `next()` that came before the sentinel, and hands them out.
 */
export async function drain(
  server: StelarServer,
  client: TestClient,
): Promise<string[]> {
  const token = `sentinel-${Math.random().toString(36).slice(2)}`;
  expectTrue(server.toId(client.id, 'test.sentinel', token), 'toId');
  const sentinel = await client.next(
    byEvent('test.sentinel', (m) => m.data === token),
  );
  return client.takeBefore(sentinel).map((m) => m.event);
}

function expectTrue(value: boolean, what: string): void {
  if (!value) throw new Error(`${what} returned false`);
}

/** Terminates every client and stops every server the helpers started. */
export async function cleanup(): Promise<void> {
  for (const client of clients) client.ws.terminate();
  clients.clear();
  const running = [...servers];
  servers.clear();
  await Promise.all(running.map((server) => server.stop()));
}
