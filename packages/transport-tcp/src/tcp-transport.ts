import { createServer as createNetServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import {
  StelarError,
  clientIp,
  type Transport,
  type TransportHost,
} from '@stelar/core';
import {
  CloseCode,
  FrameError,
  FrameType,
  decodeClientFrame,
  encodeFrame,
  type Frame,
} from '@stelar/protocol';
import { TcpErrorCode } from './errors.js';
import { tcpCodec } from './tcp-codec.js';
import { TcpConnection } from './tcp-connection.js';

const CONNECTION = Symbol('stelar.connection');

interface TaggedSocket extends Socket {
  [CONNECTION]: TcpConnection;
}

const PING_FRAME = encodeFrame(FrameType.PING, '');
const PONG_FRAME = encodeFrame(FrameType.PONG, '');

const REFUSAL_REASONS = {
  full: 'server full, retry later',
  ip: 'too many connections from this address, retry later',
} as const;

/**
 * The binary TCP transport for Node.js services: length-prefixed frames on a
 * `net` server, or a `tls` server when `tls` is set. Its clients share rooms,
 * handlers, limits and hooks with every other transport's.
 */
export class TcpTransport implements Transport {
  readonly protocol = 'tcp' as const;
  readonly codec = tcpCodec;
  /** @internal */
  readonly connections = new Set<TcpConnection>();
  /** @internal */
  host: TransportHost | null = null;
  /** @internal Heartbeat sweeps so far; a connection notes it on life. */
  tick = 0;

  private server: Server | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private accepting = false;
  private readonly onSocket = (socket: Socket) => this.connect(socket);

  decode(raw: unknown) {
    return decodeClientFrame(raw as Frame);
  }

  /** Listens on `tcpPort` and starts the heartbeat. */
  async start(host: TransportHost): Promise<void> {
    const options = host.options;
    if (typeof options.tcpPort !== 'number') {
      throw new TypeError('the TCP transport needs tcpPort to be a number');
    }
    this.host = host;
    const server =
      options.tls === undefined
        ? createNetServer()
        : createTlsServer({
            ...options.tls,
            // A socket that never finishes its TLS handshake is dropped
            // within the same bound as any other admission.
            handshakeTimeout: options.connectTimeout,
          });
    this.server = server;
    server.on(
      options.tls === undefined ? 'connection' : 'secureConnection',
      this.onSocket,
    );
    server.on('tlsClientError', serverOnTlsClientError);
    try {
      await listen(server, options.tcpPort);
    } catch (error) {
      server.removeListener('tlsClientError', serverOnTlsClientError);
      this.server = null;
      const reason = error instanceof Error ? error.message : String(error);
      throw new StelarError(
        TcpErrorCode.LISTEN_FAILED,
        `tcpPort ${options.tcpPort} cannot be listened on: ${reason}`,
        { cause: error },
      );
    }

    this.heartbeat = setInterval(sweep, options.heartbeatInterval, this);
    this.heartbeat.unref();
    this.accepting = true;
  }

  port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address !== null
      ? address.port
      : undefined;
  }

  async stopAccepting(): Promise<void> {
    this.accepting = false;
    // Stops listening; the callback is not awaited here because it runs
    // only once every connection is gone, which close() ensures.
    this.server?.close();
  }

  async close(): Promise<void> {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.accepting = false;
    for (const connection of this.connections) connection.terminate();
    this.connections.clear();

    const server = this.server;
    this.server = null;
    if (server === null) return;
    server.removeListener('connection', this.onSocket);
    server.removeListener('secureConnection', this.onSocket);
    server.removeListener('tlsClientError', serverOnTlsClientError);
    if (server.listening) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private connect(socket: Socket): void {
    const host = this.host;
    if (host === null || !this.accepting) {
      refuse(socket, 'server not running', host?.options.connectTimeout ?? 0);
      return;
    }
    const ip = clientIp(socket.remoteAddress);
    const admission = host.admit(ip);
    if (!admission.admitted) {
      const reason = REFUSAL_REASONS[admission.reason];
      refuse(socket, reason, host.options.connectTimeout);
      return;
    }

    socket.setNoDelay(true);
    const connection = new TcpConnection(
      this,
      socket,
      host.options.maxFrameSize,
    );
    (socket as TaggedSocket)[CONNECTION] = connection;
    socket.on('data', socketOnData);
    socket.on('close', socketOnClose);
    socket.on('error', socketOnError);
    this.connections.add(connection);
    connection.client = host.open(connection, ip, Date.now());
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
}

/**
 * Ends a socket refused at admission with the reason in an ERROR frame. A
 * peer that never closes its own side would keep the socket, and its file
 * descriptor, for ever, outside every connection limit: it is destroyed
 * after `timeoutMs`, the bound of any admission. What it sends meanwhile is
 * read and dropped, so that the destroy is a close and not a reset that
 * could cost the peer the reason.
 */
function refuse(socket: Socket, reason: string, timeoutMs: number): void {
  socket.on('error', refusedSocketOnError);
  socket.resume();
  socket.end(encodeFrame(FrameType.ERROR, 'error', reason));
  setTimeout(destroySocket, timeoutMs, socket).unref();
}

function refusedSocketOnError(): void {
  // A reset from a refused peer: there is nothing left to clean up.
}

function destroySocket(socket: Socket): void {
  socket.destroy();
}

function connectionOf(socket: Socket): TcpConnection {
  return (socket as TaggedSocket)[CONNECTION];
}

function socketOnData(this: Socket, chunk: Buffer): void {
  const connection = connectionOf(this);
  if (connection.closing) return;
  connection.lastSeenTick = (connection.transport as TcpTransport).tick;

  let frames: Frame[];
  try {
    frames = connection.decoder.push(chunk);
  } catch (error) {
    // Frames complete before the fault were sent before it: they are
    // handled as they would have been had they come in an earlier chunk.
    if (error instanceof FrameError) handleFrames(connection, error.frames);
    fatal(connection, error);
    return;
  }
  handleFrames(connection, frames);
}

function handleFrames(connection: TcpConnection, frames: Frame[]): void {
  for (const frame of frames) {
    if (connection.closing) return;
    handleFrame(connection, frame);
  }
}

function handleFrame(connection: TcpConnection, frame: Frame): void {
  if (frame.type === FrameType.PING) {
    connection.write(PONG_FRAME);
    return;
  }
  if (frame.type === FrameType.PONG) return;
  const transport = connection.transport as TcpTransport;
  const client = connection.client;
  if (client === null || transport.host === null) return;
  transport.host.receive(client, frame, frame.size);
}

/** A framing error ends the stream: the reason goes out in an ERROR frame. */
function fatal(connection: TcpConnection, error: unknown): void {
  const transport = connection.transport as TcpTransport;
  const code = error instanceof FrameError ? error.code : 'ERR_TCP_FRAME';
  transport.host?.logger.warn(
    { clientId: connection.client?.id, code },
    'tcp framing error',
  );
  const message = error instanceof Error ? error.message : 'framing error';
  connection.close(CloseCode.MESSAGE_TOO_BIG, message);
}

function socketOnClose(this: Socket): void {
  const connection = connectionOf(this);
  const transport = connection.transport as TcpTransport;
  connection.closing = true;
  transport.connections.delete(connection);
  if (connection.client !== null) transport.host?.closed(connection.client);
}

function socketOnError(this: Socket, error: Error & { code?: string }): void {
  // A reset or broken pipe: 'close' follows and cleans up.
  const connection = connectionOf(this);
  const host = (connection.transport as TcpTransport).host;
  host?.logger.debug(
    { clientId: connection.client?.id, code: error.code },
    'tcp socket error',
  );
}

function serverOnTlsClientError(_error: Error, socket: Socket): void {
  // A failed or timed-out TLS handshake: the socket never became a client.
  socket.destroy();
}

/**
 * One pass over every connection: drop those silent for `heartbeatTimeout`,
 * counted in sweeps as the WebSocket transport does, and ping the others.
 */
function sweep(transport: TcpTransport): void {
  const host = transport.host;
  if (host === null) return;
  const { heartbeatInterval, heartbeatTimeout } = host.options;
  const tick = ++transport.tick;
  for (const connection of transport.connections) {
    // As on WebSocket: only whole intervals after the last life count.
    const silentMs = (tick - connection.lastSeenTick - 1) * heartbeatInterval;
    if (silentMs >= heartbeatTimeout) connection.terminate();
    else connection.write(PING_FRAME);
  }
}
