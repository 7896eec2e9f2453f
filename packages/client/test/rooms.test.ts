import { afterEach, describe, expect, it } from 'vitest';
import {
  MODES,
  cleanup,
  nextEvent,
  recordEvents,
  stopServer,
  transport,
  waitUntil,
} from './helpers.js';

afterEach(cleanup);

describe.each(MODES)('StelarClient rooms over %s', (mode) => {
  const t = transport(mode);

  describe('joinRoom()', () => {
    it('resolves once the server confirms, and room messages arrive', async () => {
      const server = await t.start();
      const client = await t.connected(server);
      await client.joinRoom('lobby');
      expect(server.getRoomMembers('lobby')).toEqual([client.getId()]);
      expect(client.getRooms()).toEqual(['lobby']);

      const news = new Promise((resolve) => client.on('news', resolve));
      server.to('lobby', 'news', { headline: 'hello' });
      await expect(news).resolves.toEqual({ headline: 'hello' });
    });

    it('rejects with JOIN_REJECTED when a hook refuses, without an error event', async () => {
      const server = await t.start({
        hooks: { onClientJoinRoom: ({ room }) => !room.startsWith('admin') },
      });
      const client = await t.connected(server);
      const log = recordEvents(client);
      await expect(client.joinRoom('admin-only')).rejects.toMatchObject({
        code: 'JOIN_REJECTED',
        details: { room: 'admin-only' },
      });
      await client.joinRoom('public');
      expect(client.getRooms()).toEqual(['public']);
      expect(log).toEqual([]);
    });

    it('rejects with MAX_ROOMS_PER_CLIENT and MAX_ROOMS', async () => {
      const server = await t.start({ maxRoomsPerClient: 1, maxRooms: 2 });
      const one = await t.connected(server);
      const two = await t.connected(server);
      await one.joinRoom('a');
      await expect(one.joinRoom('b')).rejects.toMatchObject({
        code: 'MAX_ROOMS_PER_CLIENT',
      });
      await two.joinRoom('b');
      const three = await t.connected(server);
      await expect(three.joinRoom('c')).rejects.toMatchObject({
        code: 'MAX_ROOMS',
      });
    });

    it('settles concurrent joins of different rooms each with its own answer', async () => {
      const server = await t.start({
        hooks: { onClientJoinRoom: ({ room }) => room !== 'closed' },
      });
      const client = await t.connected(server);
      const results = await Promise.allSettled([
        client.joinRoom('a'),
        client.joinRoom('closed'),
        client.joinRoom('b'),
      ]);
      expect(results.map((r) => r.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(client.getRooms().sort()).toEqual(['a', 'b']);
    });

    it('rejects a name that is no room with INVALID_MESSAGE, sending nothing', async () => {
      const server = await t.start();
      const client = await t.connected(server);
      for (const room of ['', 'x'.repeat(257), 42 as unknown as string]) {
        await expect(client.joinRoom(room)).rejects.toMatchObject({
          code: 'INVALID_MESSAGE',
        });
      }
      expect(client.getMessagesSent()).toBe(0);
    });

    it('waits in the queue while not connected and joins on connection', async () => {
      const server = await t.start();
      const client = t.client(server);
      const joined = client.joinRoom('early');
      expect(client.getQueueSize()).toBe(1);
      client.connect();
      await joined;
      expect(server.getRoomMembers('early')).toEqual([client.getId()]);
    });

    it('rejects with TIMEOUT when no answer comes within ackTimeout', async () => {
      const server = await t.start();
      const client = t.client(server, { ackTimeout: 30 });
      await expect(client.joinRoom('never-connected')).rejects.toMatchObject({
        code: 'TIMEOUT',
      });
      expect(client.getQueueSize()).toBe(0);
    });
  });

  describe('leaveRoom()', () => {
    it('resolves once the server confirms', async () => {
      const server = await t.start();
      const client = await t.connected(server);
      await client.joinRoom('a');
      await client.leaveRoom('a');
      expect(server.getRoomMembers('a')).toEqual([]);
      expect(client.getRooms()).toEqual([]);
    });

    it('rejects with LEAVE_REJECTED when a hook refuses', async () => {
      const server = await t.start({
        hooks: { onClientLeaveRoom: () => false },
      });
      const client = await t.connected(server);
      await client.joinRoom('sticky');
      await expect(client.leaveRoom('sticky')).rejects.toMatchObject({
        code: 'LEAVE_REJECTED',
        details: { room: 'sticky' },
      });
      expect(client.getRooms()).toEqual(['sticky']);
    });

    it('keeps a room left while disconnected out of the next connection', async () => {
      const server = await t.start();
      const ports = t.samePorts(server);
      const client = await t.connected(server, {
        reconnectionAttempts: Infinity,
      });
      await client.joinRoom('stay');
      await client.joinRoom('go');
      await stopServer(server);
      await waitUntil(
        () => client.getState() === 'reconnecting',
        'the drop to be noticed',
      );
      const left = client.leaveRoom('go');
      expect(client.getRooms()).toEqual(['stay']);

      const back = nextEvent(client, 'connect');
      const second = await t.start(ports);
      await back;
      await left;
      expect(second.getRooms()).toEqual(['stay']);
    });
  });

  describe('after a reconnection', () => {
    it('reports a join refused on the way back and forgets the room', async () => {
      const server = await t.start();
      const ports = t.samePorts(server);
      const client = await t.connected(server);
      await client.joinRoom('vip');
      const log = recordEvents(client);
      await stopServer(server);
      const back = nextEvent(client, 'connect');
      await t.start({
        ...ports,
        hooks: { onClientJoinRoom: () => false },
      });
      await back;
      await waitUntil(() => client.getRooms().length === 0, 'the refusal');
      expect(log.filter(([name]) => name === 'error')).toEqual([
        [
          'error',
          expect.objectContaining({
            code: 'JOIN_REJECTED',
            details: { event: undefined, room: 'vip' },
          }),
        ],
      ]);
    });
  });
});
