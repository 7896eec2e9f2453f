import { afterEach, describe, expect, it } from 'vitest';
import type { Context } from '../src/index.js';
import {
  byEvent,
  cleanup,
  connect,
  decodeBinaryFrame,
  drain,
  encodeBinaryFrame,
  refusal,
  startServer,
} from './helpers.js';

afterEach(cleanup);

describe('messaging over WebSocket', () => {
  describe('to()', () => {
    it('reaches every member of the room and nobody outside it', async () => {
      const server = await startServer();
      const [a, b, outsider] = await Promise.all([
        connect(server),
        connect(server),
        connect(server),
      ]);
      await a.join('lobby');
      await b.join('lobby');

      server.to('lobby', 'news', { headline: 'hello' });

      const [gotA, gotB] = await Promise.all([
        a.next(byEvent('news')),
        b.next(byEvent('news')),
      ]);
      expect(gotA.data).toEqual({ headline: 'hello' });
      expect(gotB.data).toEqual({ headline: 'hello' });
      expect(await drain(server, outsider)).toEqual([]);
    });

    it('skips the member named by excludeId', async () => {
      const server = await startServer();
      const [a, b] = await Promise.all([connect(server), connect(server)]);
      await a.join('lobby');
      await b.join('lobby');

      server.to('lobby', 'news', 1, a.id);

      expect((await b.next(byEvent('news'))).data).toBe(1);
      expect(await drain(server, a)).toEqual([]);
    });

    it('sends nothing for a room that does not exist', async () => {
      const server = await startServer();
      const a = await connect(server);

      server.to('nowhere', 'news', 1);

      expect(await drain(server, a)).toEqual([]);
    });
  });

  describe('broadcast()', () => {
    it('reaches every client except the one named by excludeId', async () => {
      const server = await startServer();
      const [a, b, c] = await Promise.all([
        connect(server),
        connect(server),
        connect(server),
      ]);

      server.broadcast('tick', { n: 7 }, b.id);

      expect((await a.next(byEvent('tick'))).data).toEqual({ n: 7 });
      expect((await c.next(byEvent('tick'))).data).toEqual({ n: 7 });
      expect(await drain(server, b)).toEqual([]);
    });

    it('reaches every client when no excludeId is given', async () => {
      const server = await startServer();
      const [a, b] = await Promise.all([connect(server), connect(server)]);

      server.broadcast('tick', 'all');

      expect((await a.next(byEvent('tick'))).data).toBe('all');
      expect((await b.next(byEvent('tick'))).data).toBe('all');
    });

    it('excludes the sender by default from ctx.broadcast', async () => {
      const server = await startServer();
      server.on('say', (ctx) => ctx.broadcast('said', ctx.data));
      const [sender, other] = await Promise.all([
        connect(server),
        connect(server),
      ]);

      sender.emit('say', 'hi');

      expect((await other.next(byEvent('said'))).data).toBe('hi');
      await sender.roundTrip();
      expect(await drain(server, sender)).toEqual([]);
    });
  });

  describe('toId()', () => {
    it('reaches one client and returns true', async () => {
      const server = await startServer();
      const [a, b] = await Promise.all([connect(server), connect(server)]);

      const found = server.toId(a.id, 'direct', { secret: 42 });

      expect(found).toBe(true);
      expect((await a.next(byEvent('direct'))).data).toEqual({ secret: 42 });
      expect(await drain(server, b)).toEqual([]);
    });

    it('returns false for an unknown id', async () => {
      const server = await startServer();
      await connect(server);

      expect(server.toId('no-such-client', 'direct', 1)).toBe(false);
    });

    it('returns false for a client that has left', async () => {
      const server = await startServer();
      const a = await connect(server);
      const id = a.id;

      a.ws.close();
      await a.waitClose();
      await expect.poll(() => server.getClients().length).toBe(0);

      expect(server.toId(id, 'direct', 1)).toBe(false);
    });
  });

  describe('binary messages', () => {
    it('delivers broadcastBinary as a length-prefixed JSON header and the payload', async () => {
      const server = await startServer();
      const [a, b] = await Promise.all([connect(server), connect(server)]);
      const payload = new Uint8Array([0, 1, 2, 250, 255]);

      server.broadcastBinary('blob', payload);

      for (const client of [a, b]) {
        const got = await client.next((m) => m.isBinary);
        const frame = got.raw as Buffer;
        const headerLength = frame.readUInt32BE(0);
        const header = JSON.parse(
          frame.subarray(4, 4 + headerLength).toString('utf8'),
        ) as unknown;
        expect(header).toEqual({ event: 'blob', _binary: true });
        expect([...frame.subarray(4 + headerLength)]).toEqual([
          0, 1, 2, 250, 255,
        ]);
        expect(frame.length).toBe(4 + headerLength + payload.length);
      }
    });

    it('delivers ctx.emitBinary to the sender only', async () => {
      const server = await startServer();
      server.on('want-bytes', (ctx) =>
        ctx.emitBinary('bytes', new Uint8Array([9, 8, 7])),
      );
      const [a, b] = await Promise.all([connect(server), connect(server)]);

      a.emit('want-bytes');

      const got = await a.next((m) => m.isBinary);
      const { header, payload } = decodeBinaryFrame(got.raw as Buffer);
      expect(header).toEqual({ event: 'bytes', _binary: true });
      expect([...payload]).toEqual([9, 8, 7]);
      expect(await drain(server, b)).toEqual([]);
    });

    it('hands a client binary frame to on(event) as a Buffer', async () => {
      const server = await startServer();
      const seen: Array<{ isBuffer: boolean; bytes: number[]; event: string }> =
        [];
      server.on('upload', (ctx) => {
        const data = ctx.data as Buffer;
        seen.push({
          isBuffer: Buffer.isBuffer(data),
          bytes: [...data],
          event: ctx.event,
        });
      });
      const a = await connect(server);

      a.sendRaw(
        encodeBinaryFrame({ event: 'upload' }, new Uint8Array([1, 2, 3, 0])),
      );
      await a.roundTrip();

      expect(seen).toEqual([
        { isBuffer: true, bytes: [1, 2, 3, 0], event: 'upload' },
      ]);
    });

    it('hands an empty payload to on(event) as an empty Buffer', async () => {
      const server = await startServer();
      const lengths: number[] = [];
      server.on('empty', (ctx) => {
        lengths.push((ctx.data as Buffer).length);
      });
      const a = await connect(server);

      a.sendRaw(encodeBinaryFrame({ event: 'empty' }));
      await a.roundTrip();

      expect(lengths).toEqual([0]);
    });
  });

  describe('emit without data', () => {
    it('sends a message with no data key', async () => {
      const server = await startServer();
      server.on('poke', (ctx) => ctx.emit('poked'));
      const a = await connect(server);

      a.emit('poke');
      const got = await a.next(byEvent('poked'));

      expect(got.raw).toBe('{"event":"poked"}');
      expect(got.data).toBeUndefined();
    });

    it('hands a handler undefined data for a client message without data', async () => {
      const server = await startServer();
      const seen: unknown[] = [];
      server.on('bare', (ctx) => {
        seen.push(ctx.data);
      });
      const a = await connect(server);

      a.sendRaw('{"event":"bare"}');
      await a.roundTrip();

      expect(seen).toEqual([undefined]);
    });
  });

  describe('handlers', () => {
    it('runs onAll after the specific handler, with ctx.event set', async () => {
      const server = await startServer();
      const order: string[] = [];
      server.on('chat', () => {
        order.push('specific');
      });
      server.onAll((ctx) => {
        order.push(`all:${ctx.event}`);
      });
      const a = await connect(server);

      a.emit('chat', 'x');
      await a.roundTrip();

      expect(order).toEqual(['specific', 'all:chat']);
    });

    it('runs onAll for an event that has no specific handler', async () => {
      const server = await startServer();
      const events: string[] = [];
      server.onAll((ctx) => {
        events.push(ctx.event);
      });
      const a = await connect(server);

      a.emit('anything', 1);
      await a.roundTrip();

      expect(events).toEqual(['anything']);
      expect(await drain(server, a)).toEqual([]);
    });

    it('runs several handlers of one event in the order added', async () => {
      const server = await startServer();
      const order: number[] = [];
      server.on('e', () => {
        order.push(1);
      });
      server.on('e', () => {
        order.push(2);
      });
      const a = await connect(server);

      a.emit('e');
      await a.roundTrip();

      expect(order).toEqual([1, 2]);
    });

    it('refuses an event without any handler with NO_HANDLER', async () => {
      const server = await startServer();
      const a = await connect(server);

      a.emit('unhandled', 1);
      const got = await a.next(refusal('NO_HANDLER'));

      expect(got.data).toMatchObject({
        code: 'NO_HANDLER',
        event: 'unhandled',
      });
    });

    it('keeps serving after a handler throws or rejects', async () => {
      const server = await startServer();
      server.on('boom', () => {
        throw new Error('handler exploded');
      });
      server.on('async-boom', async () => {
        throw new Error('async handler exploded');
      });
      server.on('echo', (ctx) => ctx.emit('echoed', ctx.data));
      const [a, b] = await Promise.all([connect(server), connect(server)]);

      a.emit('boom');
      a.emit('async-boom');
      a.emit('echo', 'still here');

      expect((await a.next(byEvent('echoed'))).data).toBe('still here');
      b.emit('echo', 'me too');
      expect((await b.next(byEvent('echoed'))).data).toBe('me too');
      expect(a.isOpen).toBe(true);
    });
  });

  describe('introspection', () => {
    it('lists clients with their protocol, address, rooms, metadata and connectedAt', async () => {
      const server = await startServer();
      const before = Date.now();
      const a = await connect(server);
      await a.join('r1');

      const [summary] = server.getClients();

      expect(server.getClients()).toHaveLength(1);
      expect(summary).toEqual({
        id: a.id,
        protocol: 'ws',
        remoteAddress: '127.0.0.1',
        rooms: ['r1'],
        metadata: {},
        connectedAt: expect.any(Number),
      });
      expect(summary!.connectedAt).toBeGreaterThanOrEqual(before - 1);
      expect(summary!.connectedAt).toBeLessThanOrEqual(Date.now());
    });

    it('lists only the members of a room with getClients(room)', async () => {
      const server = await startServer();
      const [a, b] = await Promise.all([connect(server), connect(server)]);
      await a.join('r1');
      await b.join('r2');

      expect(server.getClients('r1').map((c) => c.id)).toEqual([a.id]);
      expect(server.getClients('missing')).toEqual([]);
      expect(
        server
          .getClients()
          .map((c) => c.id)
          .sort(),
      ).toEqual([a.id, b.id].sort());
    });

    it('reports room members and rooms', async () => {
      const server = await startServer();
      const [a, b] = await Promise.all([connect(server), connect(server)]);
      await a.join('shared');
      await b.join('shared');
      await b.join('solo');

      expect(server.getRoomMembers('shared').sort()).toEqual(
        [a.id, b.id].sort(),
      );
      expect(server.getRoomMembers('solo')).toEqual([b.id]);
      expect(server.getRoomMembers('missing')).toEqual([]);
      expect(server.getRooms().sort()).toEqual(['shared', 'solo']);
    });

    it('counts connections, messages and rooms in getStats', async () => {
      const server = await startServer();
      server.on('hello', (ctx) => ctx.emit('hi'));
      const a = await connect(server);
      const b = await connect(server);
      await a.join('room');

      a.emit('hello');
      await a.next(byEvent('hi'));
      b.ws.close();
      await b.waitClose();
      await expect.poll(() => server.getStats().activeConnections).toBe(1);

      const stats = server.getStats();
      expect(stats).toMatchObject({
        totalConnections: 2,
        activeConnections: 1,
        totalRooms: 1,
        wsConnections: 1,
        tcpConnections: 0,
      });
      // join-room and hello from a.
      expect(stats.totalMessagesReceived).toBe(2);
      // joined-room and hi to a.
      expect(stats.totalMessagesSent).toBe(2);
      expect(stats.uptime).toBeGreaterThanOrEqual(0);
      expect(stats.uptimeSeconds).toBe(Math.floor(stats.uptime / 1000));
      expect(stats.memoryMB).toBeGreaterThan(0);
      expect(stats.memoryMB).toBe(
        Math.round((stats.memoryUsage.heapUsed / 1048576) * 100) / 100,
      );
      expect(Object.keys(stats.memoryUsage).sort()).toEqual([
        'external',
        'heapTotal',
        'heapUsed',
        'rss',
      ]);
      expect(typeof stats.rateLimiterEntries).toBe('number');
    });
  });

  describe('rooms', () => {
    it('confirms join-room with joined-room and leave-room with left-room', async () => {
      const server = await startServer();
      const a = await connect(server);

      a.emit('join-room', 'games');
      const joined = await a.next(byEvent('joined-room'));
      expect(joined.data).toBe('games');
      expect(server.getRoomMembers('games')).toEqual([a.id]);

      a.emit('leave-room', 'games');
      const left = await a.next(byEvent('left-room'));
      expect(left.data).toBe('games');
      expect(server.getRoomMembers('games')).toEqual([]);
    });

    it('confirms a second join of the same room without a second membership', async () => {
      const server = await startServer();
      const a = await connect(server);

      await a.join('games');
      await a.join('games');

      expect(server.getRoomMembers('games')).toEqual([a.id]);
      expect(server.getClients()[0]!.rooms).toEqual(['games']);
    });

    it('deletes a room when its last member leaves', async () => {
      const server = await startServer();
      const [a, b] = await Promise.all([connect(server), connect(server)]);
      await a.join('temp');
      await b.join('temp');

      a.emit('leave-room', 'temp');
      await a.next(byEvent('left-room'));
      expect(server.getRooms()).toEqual(['temp']);

      b.emit('leave-room', 'temp');
      await b.next(byEvent('left-room'));
      expect(server.getRooms()).toEqual([]);
      expect(server.getStats().totalRooms).toBe(0);
    });

    it('deletes a room when its last member disconnects', async () => {
      const server = await startServer();
      const a = await connect(server);
      await a.join('temp');
      expect(server.getRooms()).toEqual(['temp']);

      a.ws.close();
      await a.waitClose();

      await expect.poll(() => server.getRooms()).toEqual([]);
      expect(server.getRoomMembers('temp')).toEqual([]);
    });

    it('joins the sender to a room with ctx.joinRoom', async () => {
      const server = await startServer();
      const results: boolean[] = [];
      server.on('enter', (ctx) => {
        results.push(ctx.joinRoom(String(ctx.data)));
      });
      const [a, b] = await Promise.all([connect(server), connect(server)]);

      a.emit('enter', 'vip');
      await a.roundTrip();
      server.to('vip', 'vip-news', 'welcome');

      expect(results).toEqual([true]);
      expect(server.getRoomMembers('vip')).toEqual([a.id]);
      expect((await a.next(byEvent('vip-news'))).data).toBe('welcome');
      expect(await drain(server, b)).toEqual([]);
    });

    it('takes the sender out of a room with ctx.leaveRoom', async () => {
      const server = await startServer();
      const results: boolean[] = [];
      server.on('exit', (ctx) => {
        results.push(ctx.leaveRoom('vip'));
        results.push(ctx.leaveRoom('vip'));
      });
      const a = await connect(server);
      await a.join('vip');

      a.emit('exit');
      await a.roundTrip();

      expect(results).toEqual([true, false]);
      expect(server.getRooms()).toEqual([]);
    });

    it('reaches a room from a handler with ctx.to, excluding the sender when asked', async () => {
      const server = await startServer();
      server.on('shout', (ctx: Context) =>
        ctx.to('hall', 'shouted', ctx.data, ctx.id),
      );
      const [a, b] = await Promise.all([connect(server), connect(server)]);
      await a.join('hall');
      await b.join('hall');

      a.emit('shout', 'hey');

      expect((await b.next(byEvent('shouted'))).data).toBe('hey');
      await a.roundTrip();
      expect(await drain(server, a)).toEqual([]);
    });
  });

  describe('metadata', () => {
    it('keeps setMetadata values for getMetadata and getClients', async () => {
      const server = await startServer();
      const reads: unknown[] = [];
      server.on('login', (ctx) => {
        ctx.setMetadata('user', ctx.data);
        ctx.setMetadata('score', 3);
      });
      server.on('whoami', (ctx) => {
        reads.push(ctx.getMetadata('user'), ctx.getMetadata('missing'));
        ctx.emit('you-are', ctx.getMetadata('user'));
      });
      const a = await connect(server);

      a.emit('login', 'ada');
      a.emit('whoami');
      const answer = await a.next(byEvent('you-are'));

      expect(answer.data).toBe('ada');
      expect(reads).toEqual(['ada', undefined]);
      expect(server.getClients()[0]!.metadata).toEqual({
        user: 'ada',
        score: 3,
      });
    });

    it('exposes metadata through ctx.clientInfo as a Map', async () => {
      const server = await startServer();
      const infos: Array<{ id: string; meta: unknown; rooms: string[] }> = [];
      server.on('info', (ctx) => {
        ctx.setMetadata('k', 'v');
        infos.push({
          id: ctx.clientInfo.id,
          meta: ctx.clientInfo.metadata.get('k'),
          rooms: [...ctx.clientInfo.rooms],
        });
      });
      const a = await connect(server);
      await a.join('x');

      a.emit('info');
      await a.roundTrip();

      expect(infos).toEqual([{ id: a.id, meta: 'v', rooms: ['x'] }]);
    });
  });
});
