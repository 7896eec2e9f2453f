import { waitUntil as waitUntilMs, within as withinMs } from '@stelar/testing';
import { createServer, connect as tcpConnect, type Socket } from 'node:net';
// The one place these tests import the server: @stelar/server, the same
// StelarServer the meta-package re-exports, so the client is tested against
// the server users run. (Importing the meta-package itself would make a
// cycle, since it re-exports this client.) Tests get the server's names from
// here, so that where the server comes from is decided once.
import { StelarError as ServerError, type StelarOptions } from '@stelar/core';
import { StelarServer } from '@stelar/server';
import {
  StelarClient,
  type ClientEventMap,
  type StelarClientOptions,
} from '../src/index.node.js';

export { ServerError, StelarServer };

/** Upper bound of every wait in these tests, in milliseconds. */
export const WAIT_MS = 3000;

const servers = new Set<StelarServer>();
const clients = new Set<StelarClient>();
const proxies = new Set<TcpProxy>();

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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A started server on 127.0.0.1's port 0 (or `options.port`), stopped by cleanup(). */
export async function startServer(
  options: StelarOptions = {},
  setup: (server: StelarServer) => void = () => {},
): Promise<StelarServer> {
  const server = new StelarServer({
    port: 0,
    logger: false,
    gracefulShutdown: false,
    shutdownTimeout: 500,
    ...options,
  });
  setup(server);
  servers.add(server);
  await server.start();
  return server;
}

export async function stopServer(server: StelarServer): Promise<void> {
  servers.delete(server);
  await server.stop();
}

export function urlOf(server: StelarServer): string {
  return `ws://127.0.0.1:${server.getPort()}`;
}

/** A port nothing listened on a moment ago, for each of `count` servers. */
async function freePorts(count: number): Promise<number[]> {
  const probes = Array.from({ length: count }, () => createServer());
  await Promise.all(
    probes.map(
      (probe) => new Promise<void>((resolve) => probe.listen(0, resolve)),
    ),
  );
  const ports = probes.map(
    (probe) => (probe.address() as { port: number }).port,
  );
  await Promise.all(
    probes.map(
      (probe) => new Promise<void>((resolve) => probe.close(() => resolve())),
    ),
  );
  return ports;
}

const START_ATTEMPTS = 5;

/**
 * A started server that also listens for TCP clients. The TCP port must be
 * a number, so both ports are picked beforehand: Linux hands a port just
 * freed to the next listen on port 0, so a WebSocket listener on port 0
 * could take the TCP port from under it. Another process may still take a
 * port in between; the start is then tried again on fresh ports.
 */
export async function startTcpServer(
  options: StelarOptions = {},
  setup: (server: StelarServer) => void = () => {},
): Promise<StelarServer> {
  for (let attempt = 1; ; attempt++) {
    const [port, tcpPort] = (await freePorts(2)) as [number, number];
    try {
      return await startServer({ port, tcpPort, ...options }, setup);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'EADDRINUSE' || attempt === START_ATTEMPTS) throw error;
    }
  }
}

/** The TCP port `server` listens on. */
export function tcpPortOf(server: StelarServer): number {
  const port = server.getConfig().tcpPort;
  if (typeof port !== 'number') throw new Error('the server has no tcpPort');
  return port;
}

/** The transports the client speaks. */
export type Mode = 'ws' | 'tcp';

/**
 * One transport as the tests use it, so that a scenario runs unchanged over
 * both with `describe.each(MODES)`.
 */
export interface Transport {
  /** A started server this transport reaches. */
  start(
    options?: StelarOptions,
    setup?: (server: StelarServer) => void,
  ): Promise<StelarServer>;
  /**
   * The options that start a server again on the ports of `server`; taken
   * while it runs, since a stopped server reports no port.
   */
  samePorts(server: StelarServer): StelarOptions;
  /** The port of `server` this transport reaches. */
  portOf(server: StelarServer): number;
  /** The URL of this transport for a port on 127.0.0.1 (a proxy's, say). */
  urlAt(port: number): string;
  /** The URL a client of this transport uses for `server`. */
  url(server: StelarServer): string;
  /** A client of this transport (not connected), disconnected by cleanup(). */
  client(server: StelarServer, options?: StelarClientOptions): StelarClient;
  /** A client of this transport connected to `server`. */
  connected(
    server: StelarServer,
    options?: StelarClientOptions,
  ): Promise<StelarClient>;
}

const wsTransport: Transport = {
  start: startServer,
  samePorts: (server) => ({ port: server.getPort()! }),
  portOf: (server) => server.getPort()!,
  urlAt: (port) => `ws://127.0.0.1:${port}`,
  url: urlOf,
  client: (server, options) => createClient(urlOf(server), options),
  connected: connectedClient,
};

function tcpUrlOf(server: StelarServer): string {
  return `tcp://127.0.0.1:${tcpPortOf(server)}`;
}

const tcpTransport: Transport = {
  start: startTcpServer,
  samePorts: (server) => ({
    port: server.getPort()!,
    tcpPort: tcpPortOf(server),
  }),
  portOf: tcpPortOf,
  urlAt: (port) => `tcp://127.0.0.1:${port}`,
  url: tcpUrlOf,
  client: (server, options) =>
    createClient(tcpUrlOf(server), { mode: 'tcp', ...options }),
  async connected(server, options) {
    const client = tcpTransport.client(server, options);
    const connected = nextEvent(client, 'connect');
    client.connect();
    await connected;
    return client;
  },
};

/** Both transports, for `describe.each`. */
export const MODES: readonly Mode[] = ['ws', 'tcp'];

/** The test face of the transport `mode`. */
export function transport(mode: Mode): Transport {
  return mode === 'tcp' ? tcpTransport : wsTransport;
}

/**
 * A client with the fast timings of tests (and no log output), disconnected
 * by cleanup().
 */
export function createClient(
  url: string | number,
  options: StelarClientOptions = {},
): StelarClient {
  const client = new StelarClient(url, {
    logger: false,
    reconnectionDelay: 20,
    maxReconnectionDelay: 60,
    ...options,
  });
  clients.add(client);
  return client;
}

/** Resolves with the arguments of the next `event` of `client`. */
export function nextEvent<E extends keyof ClientEventMap>(
  client: StelarClient,
  event: E,
  ms = WAIT_MS,
): Promise<Parameters<ClientEventMap[E]>> {
  return within(
    new Promise((resolve) => {
      const listener = (...args: unknown[]) =>
        resolve(args as Parameters<ClientEventMap[E]>);
      client.once(event, listener as ClientEventMap[E]);
    }),
    `the ${event} event`,
    ms,
  );
}

/** A client connected to `server` (welcome received). */
export async function connectedClient(
  server: StelarServer,
  options: StelarClientOptions = {},
): Promise<StelarClient> {
  const client = createClient(urlOf(server), options);
  const connected = nextEvent(client, 'connect');
  client.connect();
  await connected;
  return client;
}

/** Records the client's own events, in order, as [event, ...args]. */
export function recordEvents(client: StelarClient): unknown[][] {
  const log: unknown[][] = [];
  const names: (keyof ClientEventMap)[] = [
    'connect',
    'disconnect',
    'reconnecting',
    'reconnect_failed',
    'error',
  ];
  for (const name of names) {
    client.on(name, ((...args: unknown[]) =>
      log.push([name, ...args])) as ClientEventMap[typeof name]);
  }
  return log;
}

/** A port nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/**
 * A TCP relay in front of a server, able to go silent: freeze() stops
 * moving bytes on the connections it carries, as a dead network path would,
 * while new connections still pass.
 */
export class TcpProxy {
  port = 0;
  /** Every socket the relay opened or accepted, for close(). */
  private readonly sockets = new Set<Socket>();
  /** The pairs still relaying. */
  private readonly pairs = new Set<[Socket, Socket]>();
  private readonly server = createServer((inbound) => this.relay(inbound));

  constructor(private readonly targetPort: number) {}

  async listen(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server.listen(0, '127.0.0.1', resolve),
    );
    this.port = (this.server.address() as { port: number }).port;
  }

  freeze(): void {
    for (const [inbound, outbound] of this.pairs) {
      inbound.unpipe();
      outbound.unpipe();
      inbound.pause();
      outbound.pause();
    }
    this.pairs.clear();
  }

  /** Drops every carried connection at once, as a network failure would. */
  cut(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.pairs.clear();
  }

  close(): void {
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.pairs.clear();
  }

  private relay(inbound: Socket): void {
    const outbound = tcpConnect(this.targetPort, '127.0.0.1');
    this.sockets.add(inbound).add(outbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    this.pairs.add([inbound, outbound]);
  }
}

export async function startProxy(targetPort: number): Promise<TcpProxy> {
  const proxy = new TcpProxy(targetPort);
  await proxy.listen();
  proxies.add(proxy);
  return proxy;
}

/** Disconnects every client, stops every server and proxy of the test. */
export async function cleanup(): Promise<void> {
  for (const client of clients) client.disconnect();
  clients.clear();
  for (const proxy of proxies) proxy.close();
  proxies.clear();
  const running = [...servers];
  servers.clear();
  await Promise.all(running.map((server) => server.stop()));
}
