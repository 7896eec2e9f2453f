import { afterEach, describe, expect, it } from 'vitest';
import type { ClientState } from '../src/index.node.js';
import {
  MODES,
  cleanup,
  createClient,
  nextEvent,
  recordEvents,
  sleep,
  startServer,
  stopServer,
  transport,
  waitUntil,
} from './helpers.js';

afterEach(cleanup);

describe.each(MODES)('StelarClient connection over %s', (mode) => {
  const t = transport(mode);

  describe('connect()', () => {
    it('fires connect on the welcome, with getId() already set', async () => {
      const server = await t.start();
      const ids: string[] = [];
      server.onConnection((client) => {
        ids.push(client.id);
      });
      const client = t.client(server);
      let idInsideConnect: string | null = null;
      const connected = nextEvent(client, 'connect');
      client.on('connect', () => {
        idInsideConnect = client.getId();
      });
      client.connect();
      expect(client.getState()).toBe('connecting');
      expect(client.isConnected()).toBe(false);

      await connected;
      expect(idInsideConnect).toBe(ids[0]);
      expect(client.isConnected()).toBe(true);
      expect(client.getConnectTime()).toBeGreaterThan(Date.now() - 5000);
      expect(server.getClients()).toMatchObject([{ protocol: mode }]);
    });

    it('calls its callback once connected, and at once when already so', async () => {
      const server = await t.start();
      const client = t.client(server);
      const calls: string[] = [];
      await new Promise<void>((resolve) => {
        client.connect(() => {
          calls.push('first');
          resolve();
        });
      });
      client.connect(() => calls.push('second'));
      expect(calls).toEqual(['first', 'second']);
    });

    it('reports one state change per transition', async () => {
      const server = await t.start();
      const changes: string[] = [];
      const client = t.client(server, {
        hooks: {
          onStateChange: ({ from, to }) => changes.push(`${from}>${to}`),
        },
      });
      const connected = nextEvent(client, 'connect');
      client.connect();
      client.connect();
      await connected;
      client.disconnect();
      client.disconnect();
      expect(changes).toEqual([
        'disconnected>connecting',
        'connecting>connected',
        'connected>disconnected',
      ]);
    });

    it('reports a refused TCP connection as an error and keeps trying', async () => {
      const server = await t.start();
      const url = t.url(server);
      await stopServer(server);
      const client = createClient(url, { mode, reconnectionAttempts: 2 });
      const log = recordEvents(client);
      const failed = nextEvent(client, 'reconnect_failed');
      client.connect();
      await failed;
      const errors = log.filter(([name]) => name === 'error');
      expect(errors).toHaveLength(3);
      expect(errors[0]![1]).toMatchObject({
        code: 'ERR_CLIENT_CONNECTION_FAILED',
        cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
      });
      expect(client.getLastError()).toMatchObject({
        code: 'ERR_CLIENT_CONNECTION_FAILED',
      });
      expect(client.getState()).toBe('disconnected');
    });
  });

  describe('disconnect()', () => {
    it('closes with 1000, fires disconnect and never reconnects', async () => {
      const server = await t.start();
      const gone: string[] = [];
      server.onDisconnect((client) => {
        gone.push(client.id);
      });
      const client = await t.connected(server);
      const id = client.getId()!;
      const log = recordEvents(client);

      client.disconnect();
      expect(client.getState()).toBe('disconnected');
      expect(client.getId()).toBeNull();
      expect(client.getConnectTime()).toBeNull();
      await waitUntil(() => gone.includes(id), 'the server to see the close');
      await sleep(100);
      expect(log).toEqual([
        ['disconnect', { code: 1000, reason: 'client disconnect' }],
      ]);
      expect(server.getClients()).toEqual([]);
    });

    it('stops a reconnection waiting for its backoff', async () => {
      const server = await t.start();
      const client = await t.connected(server, {
        reconnectionDelay: 200,
        maxReconnectionDelay: 200,
      });
      const log = recordEvents(client);
      await stopServer(server);
      await waitUntil(
        () => client.getState() === 'reconnecting',
        'the drop to be noticed',
      );
      client.disconnect();
      await sleep(300);
      expect(log.map(([name]) => name)).toEqual(['disconnect']);
      expect(client.getState()).toBe('disconnected');
    });

    it('lets connect() start again after it', async () => {
      const server = await t.start();
      const client = await t.connected(server);
      const first = client.getId();
      client.disconnect();
      const again = nextEvent(client, 'connect');
      client.connect();
      await again;
      expect(client.getId()).not.toBe(first);
    });
  });

  describe('setUrl() and getUrl()', () => {
    it('uses the new URL from the next connection on', async () => {
      const one = await t.start();
      const two = await t.start();
      const client = await t.connected(one);
      client.setUrl(t.url(two));
      expect(client.getUrl()).toBe(
        mode === 'ws' ? `${t.url(two)}/` : t.url(two),
      );
      expect(one.getClients()).toHaveLength(1);

      const back = nextEvent(client, 'connect');
      await stopServer(one);
      await back;
      expect(two.getClients().map((c) => c.id)).toEqual([client.getId()]);
    });
  });

  describe('metrics', () => {
    it('counts the messages sent and received', async () => {
      const server = await t.start({}, (s) => {
        s.on('note', () => {});
        s.onAck('echo', (ctx) => ctx.data);
      });
      const client = await t.connected(server);
      expect(client.getMessagesReceived()).toBe(1);
      expect(client.getMessagesSent()).toBe(0);

      client.emit('note', 1);
      await client.request('echo', 2);
      expect(client.getMessagesSent()).toBe(2);
      expect(client.getMessagesReceived()).toBe(2);
      expect(client.getQueueSize()).toBe(0);
      expect(client.getLastError()).toBeNull();
    });
  });

  describe('getState()', () => {
    it('goes through reconnecting back to connected after a server restart', async () => {
      const server = await t.start();
      const ports = t.samePorts(server);
      const states: ClientState[] = [];
      const client = await t.connected(server, {
        hooks: { onStateChange: ({ to }) => states.push(to) },
      });
      await stopServer(server);
      await t.start(ports);
      await waitUntil(() => client.isConnected(), 'the reconnection');
      expect(states).toEqual([
        'connecting',
        'connected',
        'reconnecting',
        'connected',
      ]);
    });
  });
});

describe('StelarClient connection over ws only', () => {
  it.each([
    ['a ws:// URL', (port: number) => `ws://127.0.0.1:${port}`],
    ['a host:port URL', (port: number) => `127.0.0.1:${port}`],
    ['a port number', (port: number) => port],
  ])('connects with %s', async (_form, urlFor) => {
    const server = await startServer();
    const client = createClient(urlFor(server.getPort()!));
    const connected = nextEvent(client, 'connect');
    client.connect();
    await connected;
    expect(client.getId()).toEqual(expect.any(String));
  });
});
