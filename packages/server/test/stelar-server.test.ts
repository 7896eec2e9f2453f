import { connect as connectTcp } from 'node:net';
import { FrameDecoder, FrameType } from '@stelar/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { StelarServer } from '../src/index.js';

const servers: StelarServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function started(
  options: ConstructorParameters<typeof StelarServer>[0],
): Promise<StelarServer> {
  const server = new StelarServer({
    port: 0,
    logger: false,
    gracefulShutdown: false,
    ...options,
  });
  servers.push(server);
  await server.start();
  return server;
}

function statusOf(port: number, path: string): Promise<number> {
  return fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.status);
}

function upgradeStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
    socket.on('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      res.resume();
      socket.terminate();
      resolve(res.statusCode ?? 0);
    });
    socket.on('error', reject);
  });
}

/** Connects over TCP and resolves with the id of the CONNECT frame. */
function tcpClientId(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ port, host: '127.0.0.1' });
    const decoder = new FrameDecoder(1 << 20);
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk)) {
        if (frame.type !== FrameType.CONNECT) continue;
        resolve(new TextDecoder().decode(frame.payload));
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}

async function freePort(): Promise<number> {
  const probe = await started({});
  const port = probe.getPort()!;
  await probe.stop();
  servers.splice(servers.indexOf(probe), 1);
  return port;
}

describe('StelarServer', () => {
  it('serves the health document on healthEndpoint, or nothing with false', async () => {
    const server = await started({ healthEndpoint: '/up' });
    expect(await statusOf(server.getPort()!, '/up')).toBe(200);
    expect(await statusOf(server.getPort()!, '/health')).toBe(404);

    const without = await started({ healthEndpoint: false });
    expect(await statusOf(without.getPort()!, '/health')).toBe(404);
  });

  it('starts the TCP transport only when tcpPort is a number', async () => {
    const tcpPort = await freePort();
    const server = await started({ tcpPort });
    const id = await tcpClientId(tcpPort);

    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.getConfig().tcpPort).toBe(tcpPort);
  });

  it('reports the TCP port the system chose for tcpPort 0', async () => {
    const server = await started({ tcpPort: 0 });
    const tcpPort = server.getConfig().tcpPort;

    expect(typeof tcpPort).toBe('number');
    expect(tcpPort).not.toBe(0);
    expect(await tcpClientId(tcpPort as number)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('moves the WebSocket port past tcpPort, which never moves', async () => {
    const blocker = await started({});
    const taken = blocker.getPort()!;
    const server = await started({ port: taken, tcpPort: taken + 1 });

    expect(server.getPort()).toBeGreaterThan(taken + 1);
    expect(server.getConfig().tcpPort).toBe(taken + 1);
  });

  it('names tcpPort when the TCP port is taken', async () => {
    const blocker = await started({});
    const server = new StelarServer({
      port: 0,
      tcpPort: blocker.getPort()!,
      logger: false,
      gracefulShutdown: false,
    });

    await expect(server.start()).rejects.toMatchObject({
      code: 'ERR_TCP_LISTEN_FAILED',
      message: expect.stringContaining('tcpPort'),
    });
    expect(server.getPort()).toBeUndefined();
  });

  it('applies a new maxConnectionsPerIP to its own IP tracker', async () => {
    const server = await started({ maxConnectionsPerIP: 1 });
    const port = server.getPort()!;
    const first = new WebSocket(`ws://127.0.0.1:${port}/`);
    await new Promise((resolve) => first.once('message', resolve));
    expect(await upgradeStatus(port)).toBe(429);

    server.updateConfig({ maxConnectionsPerIP: 2 });
    expect(await upgradeStatus(port)).toBe(101);
    first.terminate();
  });
});
