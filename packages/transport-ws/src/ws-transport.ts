import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import {
  clientIp,
  corkUntilTick,
  isOriginAllowed,
  type Transport,
  type TransportHost,
} from '@stelar/core';
import { decodeBinaryMessage, decodeTextMessage } from '@stelar/protocol';
import WebSocket, { WebSocketServer } from 'ws';
import { isWellFormedHandshake, pathOf, refuseUpgrade } from './handshake.js';
import { listenFromPort } from './listen.js';
import { wsCodec } from './ws-codec.js';
import { WsConnection } from './ws-connection.js';

/** Answers a plain HTTP request; returns true when it did. */
export type RequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => boolean;

/** Options of the WebSocket transport beyond the server's own. */
export interface WsTransportOptions {
  /**
   * Tried on every plain HTTP request before anything else (the health
   * endpoint uses it).
   */
  requestHandler?: RequestHandler;
}

// Node types event listeners with any[] arguments.
type Listener = (...args: any[]) => void;

const CONNECTION = Symbol('stelar.connection');

interface TaggedSocket extends WebSocket {
  [CONNECTION]: WsConnection;
}

/** Smallest message worth compressing, in bytes. */
const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * The WebSocket transport, on the `ws` package: upgrades on the namespace
 * path, refuses before the `101` what it must refuse, and keeps clients
 * alive with one heartbeat sweep for all of them.
 */
export class WsTransport implements Transport {
  readonly protocol = 'ws' as const;
  readonly codec = wsCodec;
  /** @internal */
  readonly connections = new Set<WsConnection>();
  /** @internal */
  host: TransportHost | null = null;
  /** @internal Heartbeat sweeps so far; a connection notes it on life. */
  tick = 0;

  private readonly requestHandler: RequestHandler | undefined;
  private server: Server | null = null;
  private ownsServer = false;
  private wss: WebSocketServer | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private accepting = false;
  private savedRequestListeners: Listener[] = [];
  private savedUpgradeListeners: Listener[] = [];
  private readonly onRequest = (req: IncomingMessage, res: ServerResponse) =>
    this.handleRequest(req, res);
  private readonly onUpgrade = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ) => this.handleUpgrade(req, socket, head);

  constructor(options: WsTransportOptions = {}) {
    this.requestHandler = options.requestHandler;
  }

  decode(raw: unknown) {
    return typeof raw === 'string'
      ? decodeTextMessage(raw)
      : decodeBinaryMessage(raw as Uint8Array);
  }

  /** Listens on `port` (or attaches to `server`) and starts the heartbeat. */
  async start(host: TransportHost): Promise<void> {
    this.host = host;
    const options = host.options;
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: options.maxFrameSize,
      perMessageDeflate: options.compression
        ? { threshold: COMPRESSION_THRESHOLD_BYTES }
        : false,
    });

    if (options.server === undefined) {
      const server =
        options.tls === undefined
          ? createHttpServer()
          : createHttpsServer(options.tls);
      this.server = server;
      this.ownsServer = true;
      server.on('request', this.onRequest);
      server.on('upgrade', this.onUpgrade);
      const tcpPort = options.tcpPort === false ? undefined : options.tcpPort;
      await listenFromPort(server, options.port, tcpPort);
    } else {
      this.attach(options.server);
    }

    this.heartbeat = setInterval(sweep, options.heartbeatInterval, this);
    this.heartbeat.unref();
    this.accepting = true;
  }

  /**
   * Puts the transport in front of a user's server: requests and upgrades
   * that are not ours go on to the listeners the server already had, so its
   * own routes and WebSocket paths keep working.
   */
  private attach(server: Server): void {
    this.server = server;
    this.ownsServer = false;
    this.savedRequestListeners = server.listeners('request') as Listener[];
    this.savedUpgradeListeners = server.listeners('upgrade') as Listener[];
    server.removeAllListeners('request');
    server.removeAllListeners('upgrade');
    server.on('request', this.onRequest);
    server.on('upgrade', this.onUpgrade);
  }

  private detach(server: Server): void {
    server.removeListener('request', this.onRequest);
    server.removeListener('upgrade', this.onUpgrade);
    for (const listener of this.savedRequestListeners) {
      server.on('request', listener);
    }
    for (const listener of this.savedUpgradeListeners) {
      server.on('upgrade', listener);
    }
    this.savedRequestListeners = [];
    this.savedUpgradeListeners = [];
  }

  port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address !== null
      ? address.port
      : undefined;
  }

  async stopAccepting(): Promise<void> {
    this.accepting = false;
    if (this.server !== null && this.ownsServer) {
      // Stops taking new connections; the ones open now close with their
      // clients. The callback is not awaited here: it runs only once every
      // connection is gone, which close() ensures.
      this.server.close();
      this.server.closeIdleConnections();
    }
  }

  async close(): Promise<void> {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.accepting = false;
    for (const connection of this.connections) connection.terminate();
    this.connections.clear();
    this.wss?.close();
    this.wss = null;

    const server = this.server;
    this.server = null;
    if (server === null) return;
    if (!this.ownsServer) {
      this.detach(server);
      return;
    }
    server.removeListener('request', this.onRequest);
    server.removeListener('upgrade', this.onUpgrade);
    server.closeAllConnections();
    if (server.listening) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private handleRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.requestHandler?.(req, res) === true) return;
    if (this.ownsServer) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not Found');
      return;
    }
    for (const listener of this.savedRequestListeners) {
      (listener as (a: IncomingMessage, b: ServerResponse) => void).call(
        this.server,
        req,
        res,
      );
    }
  }

  private handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): void {
    const host = this.host;
    if (host === null || this.wss === null) {
      refuseUpgrade(socket, 503);
      return;
    }
    const options = host.options;
    const namespace = options.namespace;
    if (namespace !== '/' && pathOf(req.url) !== namespace) {
      this.passUpgrade(req, socket, head);
      return;
    }
    if (!this.accepting) {
      refuseUpgrade(socket, 503, { 'Retry-After': '5' });
      return;
    }
    if (!isWellFormedHandshake(req)) {
      refuseUpgrade(socket, 400);
      return;
    }
    const origin = req.headers.origin;
    if (
      origin !== undefined &&
      !isOriginAllowed(origin, options.allowedOrigins)
    ) {
      refuseUpgrade(socket, 403);
      return;
    }

    const ip = clientIp(req.socket.remoteAddress);
    const admission = host.admit(ip);
    if (!admission.admitted) {
      const status = admission.reason === 'full' ? 503 : 429;
      refuseUpgrade(socket, status, {
        'Retry-After': String(admission.retryAfterSeconds),
      });
      return;
    }

    const requestedAt = Date.now();
    let upgraded = false;
    // The 101 that ws writes and the welcome that follows when no middleware
    // holds the client back leave in one system call instead of two.
    corkUntilTick(socket);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      this.connect(ws, req, socket, ip, requestedAt);
    });
    // ws answers some handshakes itself (an extension header it cannot
    // parse) and then never calls back; the reservation must not leak.
    if (!upgraded) host.release(ip);
  }

  private passUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): void {
    if (this.savedUpgradeListeners.length === 0) {
      refuseUpgrade(socket, 404);
      return;
    }
    for (const listener of this.savedUpgradeListeners) {
      (listener as (a: IncomingMessage, b: Duplex, c: Buffer) => void).call(
        this.server,
        req,
        socket,
        head,
      );
    }
  }

  private connect(
    ws: WebSocket,
    req: IncomingMessage,
    stream: Duplex,
    ip: string,
    requestedAt: number,
  ): void {
    const connection = new WsConnection(this, ws, req, stream);
    (ws as TaggedSocket)[CONNECTION] = connection;
    ws.on('message', wsOnMessage);
    ws.on('close', wsOnClose);
    ws.on('error', wsOnError);
    ws.on('pong', wsOnLife);
    ws.on('ping', wsOnLife);
    this.connections.add(connection);
    connection.client = this.host!.open(connection, ip, requestedAt);
  }
}

function connectionOf(ws: WebSocket): WsConnection {
  return (ws as TaggedSocket)[CONNECTION];
}

function wsOnMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
  const connection = connectionOf(this);
  connection.lastSeenTick = (connection.transport as WsTransport).tick;
  const client = connection.client;
  const host = (connection.transport as WsTransport).host;
  if (client === null || host === null) return;
  host.receive(client, isBinary ? data : data.toString('utf8'), data.length);
}

function wsOnLife(this: WebSocket): void {
  const connection = connectionOf(this);
  connection.lastSeenTick = (connection.transport as WsTransport).tick;
}

function wsOnClose(this: WebSocket): void {
  const connection = connectionOf(this);
  const transport = connection.transport as WsTransport;
  transport.connections.delete(connection);
  if (connection.client !== null) transport.host?.closed(connection.client);
}

function wsOnError(this: WebSocket, error: Error & { code?: string }): void {
  // ws closes the socket itself after an error (1009 for a frame over
  // maxFrameSize, 1002 for a protocol violation); the close handler cleans
  // up, so this only records why.
  const connection = connectionOf(this);
  const host = (connection.transport as WsTransport).host;
  host?.logger.warn(
    { clientId: connection.client?.id, code: error.code },
    'websocket error',
  );
}

/**
 * One pass over every connection: drop those silent for `heartbeatTimeout`,
 * ping the others. Silence is counted in sweeps rather than read from the
 * clock: a connection's state stays one small integer, set per frame without
 * a clock call, and a stalled event loop delays the sweep instead of making
 * every client look silent.
 */
function sweep(transport: WsTransport): void {
  const host = transport.host;
  if (host === null) return;
  const { heartbeatInterval, heartbeatTimeout } = host.options;
  const tick = ++transport.tick;
  for (const connection of transport.connections) {
    const socket = connection.socket;
    // A connection seen during the previous interval may have been seen at
    // its very end, so only the intervals after it count as silence.
    const silentMs = (tick - connection.lastSeenTick - 1) * heartbeatInterval;
    if (silentMs >= heartbeatTimeout) {
      socket.terminate();
    } else if (socket.readyState === WebSocket.OPEN) {
      socket.ping();
    }
  }
}
