import { waitUntil as waitUntilMs, within as withinMs } from '@stelar/testing';
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import WebSocket, { type ClientOptions } from 'ws';
import { StelarServer, type StelarOptions } from '../src/index.js';

/** Upper bound of every wait in these tests, in milliseconds. */
export const WAIT_MS = 3000;

/** A key `ws` accepts: 16 bytes, base64. */
export const HANDSHAKE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** A message as the server sent it, parsed. */
export interface ServerMessage {
  event: string;
  data?: unknown;
  _isAck?: boolean;
  _correlationId?: string | number;
  error?: { code: string; message: string };
}

/** How a WebSocket ended, as its client saw it. */
export interface CloseInfo {
  code: number;
  reason: string;
}

/** An HTTP answer, body read in full. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Rejects with a message naming `what` when `promise` takes too long. */
export function within<T>(
  promise: Promise<T>,
  what: string,
  ms = WAIT_MS,
): Promise<T> {
  return withinMs(promise, what, ms);
}

/** Polls `check` until it returns true; rejects after `ms`. */
export function waitUntil(
  check: () => boolean,
  what: string,
  ms = WAIT_MS,
): Promise<void> {
  return waitUntilMs(check, what, ms);
}

/**
 * One `ws` client with every message it received kept in order, so that a
 * test can wait for a message that may already have arrived.
 */
export class TestClient {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  /** Settles when the socket is closed, with the code the client saw. */
  readonly closed: Promise<CloseInfo>;
  /** Settles with the HTTP status when the server refused the upgrade. */
  readonly refused: Promise<number>;
  readonly #taken = new Set<number>();
  readonly #waiters = new Set<() => void>();

  constructor(url: string, options: ClientOptions = {}) {
    this.ws = new WebSocket(url, options);
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary) this.messages.push(JSON.parse(String(data)));
      this.#wakeAll();
    });
    this.ws.on('error', () => {
      // Refusals and resets surface through `closed` and `refused`.
    });
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        resolve({ code, reason: String(reason) });
        this.#wakeAll();
      });
    });
    this.refused = new Promise((resolve) => {
      this.ws.on('unexpected-response', (_req, res: IncomingMessage) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        this.ws.terminate();
      });
    });
  }

  #wakeAll(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** The id the welcome carried. */
  get id(): string {
    const welcome = this.messages.find((m) => m.event === 'stelar:welcome');
    if (welcome === undefined) throw new Error('no welcome yet');
    return (welcome.data as { id: string }).id;
  }

  /** Resolves once the welcome has arrived, with the client's id. */
  async welcomed(): Promise<string> {
    await this.next((m) => m.event === 'stelar:welcome', 'the welcome');
    return this.id;
  }

  /**
   * The first received message matching `match` that no earlier call
   * returned, waiting for it when it has not arrived yet.
   */
  async next(
    match: (message: ServerMessage) => boolean,
    what: string,
  ): Promise<ServerMessage> {
    const find = (): ServerMessage | undefined => {
      for (let i = 0; i < this.messages.length; i++) {
        if (this.#taken.has(i) || !match(this.messages[i]!)) continue;
        this.#taken.add(i);
        return this.messages[i];
      }
      return undefined;
    };
    const search = new Promise<ServerMessage>((resolve, reject) => {
      const look = (): void => {
        const found = find();
        if (found !== undefined) {
          this.#waiters.delete(look);
          resolve(found);
        } else if (this.ws.readyState === WebSocket.CLOSED) {
          this.#waiters.delete(look);
          reject(new Error(`closed before ${what}`));
        }
      };
      this.#waiters.add(look);
      look();
    });
    return within(search, what);
  }

  /** The next `stelar:error` refusal with `code`. */
  refusal(code: string): Promise<ServerMessage> {
    return this.next(
      (m) =>
        m.event === 'stelar:error' &&
        (m.data as { code?: string } | undefined)?.code === code,
      `a stelar:error ${code}`,
    );
  }

  /** Every `stelar:error` code received so far, in order. */
  refusalCodes(): string[] {
    return this.messages
      .filter((m) => m.event === 'stelar:error')
      .map((m) => (m.data as { code: string }).code);
  }

  emit(event: string, data?: unknown): void {
    this.ws.send(JSON.stringify({ event, data }));
  }

  /** Sends a request to ack handler `ackName`; returns its reply. */
  request(
    event: string,
    data: unknown,
    ackName: string,
    correlationId: string,
  ): Promise<ServerMessage> {
    this.ws.send(
      JSON.stringify({
        event,
        data,
        _ackName: ackName,
        _correlationId: correlationId,
      }),
    );
    return this.next(
      (m) => m._isAck === true && m._correlationId === correlationId,
      `the reply to ${correlationId}`,
    );
  }

  sendText(text: string): void {
    this.ws.send(text);
  }

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }
}

/**
 * What a test opened, closed again in `afterEach`: clients first, then
 * servers, then anything else a test registered with `defer`.
 */
export class Harness {
  readonly #clients: TestClient[] = [];
  readonly #servers: StelarServer[] = [];
  readonly #deferred: (() => unknown)[] = [];

  /**
   * Starts a StelarServer on a free port with the log quiet and no signal
   * handlers; `options` override those.
   */
  async server(options: StelarOptions = {}): Promise<StelarServer> {
    const stelar = new StelarServer({
      port: 0,
      logger: false,
      gracefulShutdown: false,
      shutdownTimeout: 1000,
      ...options,
    });
    this.#servers.push(stelar);
    await stelar.start();
    return stelar;
  }

  /** Tracks a server the test built itself. */
  track(stelar: StelarServer): StelarServer {
    this.#servers.push(stelar);
    return stelar;
  }

  /** Opens a client without waiting for anything. */
  open(url: string, options: ClientOptions = {}): TestClient {
    const client = new TestClient(url, options);
    this.#clients.push(client);
    return client;
  }

  /** Opens a client on `ws://127.0.0.1:<port><path>` and waits for its welcome. */
  async connect(
    port: number,
    path = '/',
    options: ClientOptions = {},
  ): Promise<TestClient> {
    const client = this.open(`ws://127.0.0.1:${port}${path}`, options);
    await client.welcomed();
    return client;
  }

  /** Runs `cleanup` after the test, after clients and servers are closed. */
  defer(cleanup: () => unknown): void {
    this.#deferred.push(cleanup);
  }

  async close(): Promise<void> {
    for (const client of this.#clients.splice(0)) client.ws.terminate();
    const servers = this.#servers.splice(0);
    await within(
      Promise.all(servers.map((s) => s.stop())),
      'stopping the servers',
    );
    for (const cleanup of this.#deferred.splice(0).reverse()) {
      await within(Promise.resolve(cleanup()), 'a deferred cleanup');
    }
  }
}

/** Options of {@link fetchHttp} and {@link tryUpgrade}. */
export interface RequestOptions {
  method?: string;
  path?: string;
  headers?: OutgoingHttpHeaders;
  tls?: boolean;
}

/** One HTTP request on 127.0.0.1, without keep-alive; the body read in full. */
export function fetchHttp(
  port: number,
  options: RequestOptions = {},
): Promise<HttpAnswer> {
  const send = options.tls === true ? httpsRequest : httpRequest;
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    const req = send(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers ?? {},
        agent: false,
        rejectUnauthorized: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
  return within(answer, `${options.method ?? 'GET'} ${options.path ?? '/'}`);
}

/**
 * Sends a WebSocket upgrade request built by hand and reports the status of
 * the answer: the refusal's status, or 101 (the socket is then dropped).
 * A header set to `undefined` in `options.headers` is left out.
 */
export function tryUpgrade(
  port: number,
  options: RequestOptions = {},
): Promise<HttpAnswer> {
  const headers: OutgoingHttpHeaders = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Key': HANDSHAKE_KEY,
    'Sec-WebSocket-Version': '13',
    ...options.headers,
  };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) delete headers[name];
  }
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: options.method ?? 'GET',
      path: options.path ?? '/',
      headers,
      agent: false,
    });
    req.on('upgrade', (res: IncomingMessage, socket: Duplex) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
  return within(answer, `an upgrade on ${options.path ?? '/'}`);
}
