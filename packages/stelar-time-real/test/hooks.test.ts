import { afterEach, describe, expect, it } from 'vitest';
import type { StelarHooks } from '../src/index.js';
import {
  byEvent,
  cleanup,
  connect,
  delay,
  drain,
  openClient,
  refusal,
  startServer,
  type TestClient,
} from './helpers.js';

afterEach(cleanup);

type Payload<Name extends keyof StelarHooks> = Parameters<
  NonNullable<StelarHooks[Name]>
>[0];

/** Waits for the close of a client the server rejects. */
async function rejection(client: TestClient) {
  const closed = await client.waitClose();
  const refusals = client.received.filter(refusal('REJECTED'));
  return {
    closed,
    refusals: refusals.map((m) => m.data),
    events: client.events(),
  };
}

describe('hooks', () => {
  describe('onClientConnect', () => {
    it('fires with clientId, ip, protocol and metadata', async () => {
      const payloads: Array<Payload<'onClientConnect'>> = [];
      const server = await startServer({
        hooks: { onClientConnect: (p) => void payloads.push(p) },
      });
      server.use((ctx, next) => {
        ctx.setMetadata('role', 'admin');
        next();
      });

      const client = await connect(server);

      expect(payloads).toHaveLength(1);
      const [payload] = payloads;
      expect(Object.keys(payload!).sort()).toEqual([
        'clientId',
        'ip',
        'metadata',
        'protocol',
      ]);
      expect(payload!.clientId).toBe(client.id);
      expect(payload!.ip).toBe('127.0.0.1');
      expect(payload!.protocol).toBe('ws');
      expect(payload!.metadata).toBeInstanceOf(Map);
      expect(payload!.metadata.get('role')).toBe('admin');
    });

    it('does not fire for a client the middleware rejects', async () => {
      let calls = 0;
      const server = await startServer({
        hooks: { onClientConnect: () => void calls++ },
      });
      server.use(() => {
        throw new Error('no');
      });

      await rejection(openClient(server));

      expect(calls).toBe(0);
    });
  });

  describe('onClientDisconnect', () => {
    it('fires with clientId, ip, protocol and the Set of rooms it was in', async () => {
      const payloads: Array<Payload<'onClientDisconnect'>> = [];
      const server = await startServer({
        hooks: { onClientDisconnect: (p) => void payloads.push(p) },
      });
      const client = await connect(server);
      await client.join('alpha');
      await client.join('beta');
      const id = client.id;

      client.ws.close();
      await client.waitClose();
      await expect.poll(() => payloads.length).toBe(1);

      const [payload] = payloads;
      expect(Object.keys(payload!).sort()).toEqual([
        'clientId',
        'ip',
        'protocol',
        'rooms',
      ]);
      expect(payload!.clientId).toBe(id);
      expect(payload!.ip).toBe('127.0.0.1');
      expect(payload!.protocol).toBe('ws');
      expect(payload!.rooms).toBeInstanceOf(Set);
      expect([...payload!.rooms].sort()).toEqual(['alpha', 'beta']);
    });

    it('runs onDisconnect once the rooms are cleaned up', async () => {
      const server = await startServer();
      const seen: Array<{ id: string; rooms: string[]; clients: number }> = [];
      server.onDisconnect((client) => {
        seen.push({
          id: client.id,
          rooms: server.getRooms(),
          clients: server.getClients().length,
        });
      });
      const client = await connect(server);
      await client.join('alpha');
      const id = client.id;

      client.ws.close();
      await client.waitClose();

      await expect.poll(() => seen).toEqual([{ id, rooms: [], clients: 0 }]);
    });
  });

  describe('onClientJoinRoom', () => {
    it('fires with clientId, room and metadata', async () => {
      const payloads: Array<Payload<'onClientJoinRoom'>> = [];
      const server = await startServer({
        hooks: { onClientJoinRoom: (p) => void payloads.push(p) },
      });
      server.use((ctx, next) => {
        ctx.setMetadata('team', 'red');
        next();
      });
      const client = await connect(server);

      await client.join('arena');

      expect(payloads).toHaveLength(1);
      expect(Object.keys(payloads[0]!).sort()).toEqual([
        'clientId',
        'metadata',
        'room',
      ]);
      expect(payloads[0]!.clientId).toBe(client.id);
      expect(payloads[0]!.room).toBe('arena');
      expect(payloads[0]!.metadata.get('team')).toBe('red');
    });

    it('rejects the join with JOIN_REJECTED when it returns false', async () => {
      const server = await startServer({
        hooks: { onClientJoinRoom: ({ room }) => !room.startsWith('admin-') },
      });
      const client = await connect(server);

      client.emit('join-room', 'admin-panel');
      const got = await client.next(refusal('JOIN_REJECTED'));

      expect(got.data).toMatchObject({
        code: 'JOIN_REJECTED',
        room: 'admin-panel',
      });
      expect(server.getRoomMembers('admin-panel')).toEqual([]);
      expect(server.getRooms()).toEqual([]);
      expect(await drain(server, client)).toEqual([]);
      await client.join('lobby');
      expect(server.getRooms()).toEqual(['lobby']);
    });

    it('makes ctx.joinRoom return false when it returns false', async () => {
      const server = await startServer({
        hooks: { onClientJoinRoom: () => false },
      });
      const results: boolean[] = [];
      server.on('enter', (ctx) => {
        results.push(ctx.joinRoom('vip'));
      });
      const client = await connect(server);

      client.emit('enter');
      await client.roundTrip();

      expect(results).toEqual([false]);
      expect(server.getRooms()).toEqual([]);
      expect(await drain(server, client)).toEqual([]);
    });
  });

  describe('onClientLeaveRoom', () => {
    it('fires with clientId and room', async () => {
      const payloads: Array<Payload<'onClientLeaveRoom'>> = [];
      const server = await startServer({
        hooks: { onClientLeaveRoom: (p) => void payloads.push(p) },
      });
      const client = await connect(server);
      await client.join('arena');

      client.emit('leave-room', 'arena');
      await client.next(byEvent('left-room'));

      expect(payloads).toEqual([{ clientId: client.id, room: 'arena' }]);
    });

    it('keeps the membership and sends LEAVE_REJECTED when it returns false', async () => {
      const server = await startServer({
        hooks: { onClientLeaveRoom: () => false },
      });
      const client = await connect(server);
      await client.join('jail');

      client.emit('leave-room', 'jail');
      const got = await client.next(refusal('LEAVE_REJECTED'));

      expect(got.data).toMatchObject({ code: 'LEAVE_REJECTED', room: 'jail' });
      expect(server.getRoomMembers('jail')).toEqual([client.id]);
      expect(await drain(server, client)).toEqual([]);
    });
  });

  describe('onBeforeBroadcast', () => {
    it('fires with event, data, excludeId and room', async () => {
      const payloads: Array<Payload<'onBeforeBroadcast'>> = [];
      const server = await startServer({
        hooks: { onBeforeBroadcast: (p) => void payloads.push(p) },
      });
      const client = await connect(server);
      await client.join('r');

      server.broadcast('b1', { x: 1 });
      server.broadcast('b2', 2, 'someone');
      server.to('r', 'b3', 3);

      expect(payloads).toEqual([
        { event: 'b1', data: { x: 1 }, excludeId: undefined },
        { event: 'b2', data: 2, excludeId: 'someone' },
        { event: 'b3', data: 3, excludeId: undefined, room: 'r' },
      ]);
      expect(await drain(server, client)).toEqual(['b1', 'b2', 'b3']);
    });

    it('names the sender as excludeId for ctx.broadcast', async () => {
      const payloads: Array<Payload<'onBeforeBroadcast'>> = [];
      const server = await startServer({
        hooks: { onBeforeBroadcast: (p) => void payloads.push(p) },
      });
      server.on('say', (ctx) => ctx.broadcast('said', ctx.data));
      const client = await connect(server);

      client.emit('say', 'hi');
      await client.roundTrip();

      expect(payloads).toEqual([
        { event: 'said', data: 'hi', excludeId: client.id },
      ]);
    });

    it('cancels broadcast, to and broadcastBinary when it returns false', async () => {
      const server = await startServer({
        hooks: { onBeforeBroadcast: ({ event }) => event !== 'secret' },
      });
      const [a, b] = await Promise.all([connect(server), connect(server)]);
      await a.join('r');
      await b.join('r');

      server.broadcast('secret', 1);
      server.to('r', 'secret', 2);
      server.broadcastBinary('secret', new Uint8Array([1]));
      server.broadcast('public', 3);

      expect(await drain(server, a)).toEqual(['public']);
      expect(await drain(server, b)).toEqual(['public']);
    });

    it('leaves toId alone', async () => {
      const server = await startServer({
        hooks: { onBeforeBroadcast: () => false },
      });
      const client = await connect(server);

      expect(server.toId(client.id, 'direct', 1)).toBe(true);

      expect(await drain(server, client)).toEqual(['direct']);
    });
  });

  describe('onRateLimitExceeded', () => {
    it('fires with clientId, event and protocol, and disconnects by default', async () => {
      const payloads: Array<Payload<'onRateLimitExceeded'>> = [];
      const server = await startServer({
        rateLimit: { maxPoints: 2, windowMs: 60_000 },
        hooks: { onRateLimitExceeded: (p) => void payloads.push(p) },
      });
      server.on('e', () => undefined);
      const client = await connect(server);

      client.emit('e', 1);
      client.emit('e', 2);
      client.emit('e', 3);
      const closed = await client.waitClose();

      expect(payloads).toEqual([
        { clientId: client.id, event: 'e', protocol: 'ws' },
      ]);
      expect(closed.code).toBe(1008);
      expect(client.received.find(refusal('RATE_LIMITED'))?.data).toMatchObject(
        { code: 'RATE_LIMITED', event: 'e' },
      );
    });

    it('keeps the client connected, still dropping the message, when it returns false', async () => {
      const server = await startServer({
        rateLimit: { maxPoints: 2, windowMs: 60_000 },
        hooks: { onRateLimitExceeded: () => false },
      });
      const handled: unknown[] = [];
      server.on('e', (ctx) => {
        handled.push(ctx.data);
      });
      const client = await connect(server);

      client.emit('e', 1);
      client.emit('e', 2);
      client.emit('e', 3);
      const got = await client.next(refusal('RATE_LIMITED'));
      await client.roundTrip();

      expect(got.data).toMatchObject({ code: 'RATE_LIMITED', event: 'e' });
      expect(handled).toEqual([1, 2]);
      expect(client.isOpen).toBe(true);
      expect(server.getClients().map((c) => c.id)).toEqual([client.id]);
      expect(server.toId(client.id, 'still', 'here')).toBe(true);
      expect((await client.next(byEvent('still'))).data).toBe('here');
    });
  });

  describe('onMaxConnectionsReached', () => {
    it('fires with activeConnections, max and ip when a connection is refused', async () => {
      const payloads: Array<Payload<'onMaxConnectionsReached'>> = [];
      const server = await startServer({
        maxConnections: 1,
        hooks: { onMaxConnectionsReached: (p) => void payloads.push(p) },
      });
      await connect(server);

      const refused = openClient(server);
      await refused.waitClose();

      expect(refused.httpStatus).toBe(503);
      expect(payloads).toEqual([
        { activeConnections: 1, max: 1, ip: '127.0.0.1' },
      ]);
    });
  });

  describe('onMaxRoomsReached', () => {
    it('fires and refuses a new room with MAX_ROOMS at the global cap', async () => {
      const payloads: Array<Payload<'onMaxRoomsReached'>> = [];
      const server = await startServer({
        maxRooms: 1,
        hooks: { onMaxRoomsReached: (p) => void payloads.push(p) },
      });
      const [a, b] = await Promise.all([connect(server), connect(server)]);
      await a.join('first');

      b.emit('join-room', 'second');
      const got = await b.next(refusal('MAX_ROOMS'));

      expect(got.data).toMatchObject({ code: 'MAX_ROOMS', room: 'second' });
      expect(payloads).toEqual([
        { clientId: b.id, room: 'second', totalRooms: 1, max: 1 },
      ]);
      expect(server.getRooms()).toEqual(['first']);
      await b.join('first');
      expect(server.getRoomMembers('first').sort()).toEqual(
        [a.id, b.id].sort(),
      );
    });
  });

  describe('onMaxRoomsPerClientReached', () => {
    it('fires and refuses with MAX_ROOMS_PER_CLIENT past the per-client cap', async () => {
      const payloads: Array<Payload<'onMaxRoomsPerClientReached'>> = [];
      const server = await startServer({
        maxRoomsPerClient: 2,
        hooks: { onMaxRoomsPerClientReached: (p) => void payloads.push(p) },
      });
      const [a, b] = await Promise.all([connect(server), connect(server)]);
      await a.join('r1');
      await a.join('r2');

      a.emit('join-room', 'r3');
      const got = await a.next(refusal('MAX_ROOMS_PER_CLIENT'));

      expect(got.data).toMatchObject({
        code: 'MAX_ROOMS_PER_CLIENT',
        room: 'r3',
      });
      expect(payloads).toEqual([
        { clientId: a.id, room: 'r3', currentRooms: 2, max: 2 },
      ]);
      expect(server.getClients().find((c) => c.id === a.id)?.rooms).toEqual([
        'r1',
        'r2',
      ]);
      await b.join('r3');
      expect(server.getRoomMembers('r3')).toEqual([b.id]);
    });
  });

  describe('onPayloadTooLarge', () => {
    it('fires, drops the message and keeps the connection', async () => {
      const payloads: Array<Payload<'onPayloadTooLarge'>> = [];
      const server = await startServer({
        maxPayloadSize: 100,
        hooks: { onPayloadTooLarge: (p) => void payloads.push(p) },
      });
      const handled: unknown[] = [];
      server.on('big', (ctx) => {
        handled.push(ctx.data);
      });
      const client = await connect(server);
      const message = JSON.stringify({ event: 'big', data: 'x'.repeat(200) });

      client.sendRaw(message);
      const got = await client.next(refusal('PAYLOAD_TOO_LARGE'));
      client.emit('big', 'small');
      await client.roundTrip();

      expect(got.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(payloads).toHaveLength(1);
      expect(payloads[0]).toMatchObject({
        clientId: client.id,
        size: Buffer.byteLength(message),
        max: 100,
      });
      expect(handled).toEqual(['small']);
      expect(client.isOpen).toBe(true);
    });
  });

  describe('onInvalidMessage', () => {
    it('fires with clientId, reason and protocol', async () => {
      const payloads: Array<Payload<'onInvalidMessage'>> = [];
      const server = await startServer({
        hooks: { onInvalidMessage: (p) => void payloads.push(p) },
      });
      const client = await connect(server);

      client.sendRaw('not json');
      await client.next(refusal('INVALID_MESSAGE'));

      expect(payloads).toHaveLength(1);
      expect(payloads[0]!.clientId).toBe(client.id);
      expect(payloads[0]!.protocol).toBe('ws');
      expect(typeof payloads[0]!.reason).toBe('string');
      expect(payloads[0]!.reason.length).toBeGreaterThan(0);
    });
  });

  describe('a hook that throws', () => {
    it('does not cancel a join and the server keeps serving', async () => {
      const server = await startServer({
        hooks: {
          onClientJoinRoom: () => {
            throw new Error('hook bug');
          },
        },
      });
      const client = await connect(server);

      await client.join('room');

      expect(server.getRoomMembers('room')).toEqual([client.id]);
      const other = await connect(server);
      expect(server.getClients()).toHaveLength(2);
      expect(other.isOpen).toBe(true);
    });

    it('does not cancel a broadcast', async () => {
      const server = await startServer({
        hooks: {
          onBeforeBroadcast: () => {
            throw new Error('hook bug');
          },
        },
      });
      const client = await connect(server);

      server.broadcast('news', 1);

      expect((await client.next(byEvent('news'))).data).toBe(1);
    });

    it('does not keep a rate-limited client connected', async () => {
      const server = await startServer({
        rateLimit: { maxPoints: 1, windowMs: 60_000 },
        hooks: {
          onRateLimitExceeded: () => {
            throw new Error('hook bug');
          },
        },
      });
      server.on('e', () => undefined);
      const client = await connect(server);

      client.emit('e');
      client.emit('e');

      expect((await client.waitClose()).code).toBe(1008);
    });

    it('does not stop a connection or a disconnection', async () => {
      const server = await startServer({
        hooks: {
          onClientConnect: () => {
            throw new Error('hook bug');
          },
          onClientDisconnect: () => {
            throw new Error('hook bug');
          },
        },
      });
      const connected: string[] = [];
      server.onConnection((client) => void connected.push(client.id));
      const client = await connect(server);

      expect(connected).toEqual([client.id]);
      client.ws.close();
      await client.waitClose();
      await expect.poll(() => server.getClients().length).toBe(0);
      const again = await connect(server);
      expect(server.getClients().map((c) => c.id)).toEqual([again.id]);
    });
  });

  describe('updateConfig({ hooks })', () => {
    it('replaces the hooks of a running server', async () => {
      const server = await startServer({
        hooks: { onClientJoinRoom: () => false },
      });
      const client = await connect(server);
      client.emit('join-room', 'a');
      await client.next(refusal('JOIN_REJECTED'));

      server.updateConfig({ hooks: { onClientJoinRoom: () => true } });
      await client.join('a');

      expect(server.getRoomMembers('a')).toEqual([client.id]);
    });
  });
});

describe('middleware', () => {
  it('accepts after an async middleware calls next', async () => {
    const server = await startServer();
    server.use(async (ctx, next) => {
      await delay(20);
      ctx.setMetadata('checked', true);
      next();
    });

    const client = await connect(server);

    expect(server.getClients()[0]).toMatchObject({
      id: client.id,
      metadata: { checked: true },
    });
  });

  it('accepts after a callback-style middleware calls next later', async () => {
    const server = await startServer();
    server.use((_ctx, next) => {
      setTimeout(() => next(), 20);
    });

    const client = await connect(server);

    expect(client.id).not.toBe('');
    expect(server.getClients().map((c) => c.id)).toEqual([client.id]);
  });

  it('runs middleware in the order added, before onConnection', async () => {
    const server = await startServer();
    const order: string[] = [];
    server.use((_ctx, next) => {
      order.push('first');
      next();
    });
    server.use(async (_ctx, next) => {
      order.push('second');
      next();
    });
    server.onConnection(() => void order.push('connection'));

    await connect(server);

    expect(order).toEqual(['first', 'second', 'connection']);
  });

  it('shows metadata set in middleware to onConnection', async () => {
    const server = await startServer();
    server.use((ctx, next) => {
      ctx.setMetadata('userId', 'u-42');
      next();
    });
    const seen: unknown[] = [];
    server.onConnection((client) => {
      seen.push(client.getMetadata('userId'));
      client.emit('hello', client.getMetadata('userId'));
    });

    const client = await connect(server);

    expect(seen).toEqual(['u-42']);
    expect((await client.next(byEvent('hello'))).data).toBe('u-42');
  });

  it('hands middleware the upgrade request', async () => {
    const server = await startServer();
    const seen: unknown[] = [];
    server.use((ctx, next) => {
      seen.push(ctx.req?.headers['x-token']);
      next();
    });

    const client = openClient(server, { headers: { 'x-token': 'abc' } });
    await client.welcomed();

    expect(seen).toEqual(['abc']);
  });

  describe('rejection', () => {
    it('rejects a middleware that throws with REJECTED and a 1008 close', async () => {
      const server = await startServer();
      const later: string[] = [];
      server.use(() => {
        throw new Error('banned');
      });
      server.use((_ctx, next) => {
        later.push('ran');
        next();
      });

      const result = await rejection(openClient(server));

      expect(result.refusals).toEqual([
        { code: 'REJECTED', message: 'banned' },
      ]);
      expect(result.closed).toEqual({ code: 1008, reason: 'banned' });
      expect(result.events).not.toContain('stelar:welcome');
      expect(later).toEqual([]);
    });

    it('rejects a middleware that rejects its promise', async () => {
      const server = await startServer();
      server.use(async () => {
        await delay(10);
        throw new Error('token expired');
      });

      const result = await rejection(openClient(server));

      expect(result.refusals).toEqual([
        { code: 'REJECTED', message: 'token expired' },
      ]);
      expect(result.closed).toEqual({ code: 1008, reason: 'token expired' });
    });

    it('rejects a middleware that calls next with an error', async () => {
      const server = await startServer();
      server.use((_ctx, next) => next(new Error('bad token')));

      const result = await rejection(openClient(server));

      expect(result.refusals).toEqual([
        { code: 'REJECTED', message: 'bad token' },
      ]);
      expect(result.closed).toEqual({ code: 1008, reason: 'bad token' });
    });

    it('rejects with the ctx.ack("error") idiom, sending that message first', async () => {
      const server = await startServer();
      server.use((ctx, next) => {
        if (ctx.req?.headers.authorization === undefined) {
          return ctx.ack('error', { message: 'Token required' });
        }
        next();
      });

      const client = openClient(server);
      const result = await rejection(client);

      const ack = client.received.find((m) => m.event === 'error');
      expect(ack?.message).toEqual({
        event: 'error',
        data: { message: 'Token required' },
        _isAck: true,
      });
      expect(result.refusals).toEqual([
        { code: 'REJECTED', message: 'Token required' },
      ]);
      expect(result.closed).toEqual({ code: 1008, reason: 'Token required' });
      expect(result.events).not.toContain('stelar:welcome');
    });

    it('rejects a middleware that never calls next once connectTimeout runs out', async () => {
      const server = await startServer({ connectTimeout: 300 });
      let release: (() => void) | undefined;
      server.use((_ctx, next) => {
        release = () => next();
      });
      const connected: string[] = [];
      server.onConnection((client) => void connected.push(client.id));
      const startedAt = Date.now();

      const result = await rejection(openClient(server));
      const elapsed = Date.now() - startedAt;
      release?.();
      await delay(20);

      expect(result.refusals).toEqual([
        { code: 'REJECTED', message: 'connect timeout' },
      ]);
      expect(result.closed.code).toBe(1008);
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(1500);
      expect(connected).toEqual([]);
      expect(server.getClients()).toEqual([]);
    });

    it('uses a thrown string as the reason', async () => {
      const server = await startServer();
      server.use(() => {
        throw 'plain refusal';
      });

      const result = await rejection(openClient(server));

      expect(result.refusals).toEqual([
        { code: 'REJECTED', message: 'plain refusal' },
      ]);
      expect(result.closed).toEqual({ code: 1008, reason: 'plain refusal' });
    });

    it('gives a generic reason for an error without a message', async () => {
      const server = await startServer();
      server.use((_ctx, next) => next(new Error('')));

      const result = await rejection(openClient(server));

      expect(result.closed.code).toBe(1008);
      expect(result.closed.reason).toBe('connection rejected');
      expect(result.refusals).toEqual([
        { code: 'REJECTED', message: 'connection rejected' },
      ]);
    });

    it('cuts a long reason to 123 bytes on a character boundary', async () => {
      const server = await startServer();
      server.use(() => {
        throw new Error('é'.repeat(100));
      });

      const result = await rejection(openClient(server));

      expect(result.closed.code).toBe(1008);
      expect(Buffer.byteLength(result.closed.reason)).toBe(122);
      expect(result.closed.reason).toBe('é'.repeat(61));
    });

    it('discards messages a rejected client sent before the rejection', async () => {
      const server = await startServer();
      server.use(async () => {
        await delay(50);
        throw new Error('no');
      });
      const handled: unknown[] = [];
      server.on('early', (ctx) => {
        handled.push(ctx.data);
      });

      const client = openClient(server);
      await client.opened();
      client.emit('early', 1);
      await rejection(client);

      expect(handled).toEqual([]);
    });

    it('keeps serving other clients after a rejection', async () => {
      const server = await startServer();
      server.use((ctx, next) => {
        if (ctx.req?.headers['x-deny'] !== undefined) throw new Error('denied');
        next();
      });

      await rejection(openClient(server, { headers: { 'x-deny': '1' } }));
      const client = await connect(server);

      expect(server.getClients().map((c) => c.id)).toEqual([client.id]);
      expect(server.getStats().activeConnections).toBe(1);
    });
  });

  it('refuses what a client sends before the welcome past maxPayloadSize', async () => {
    const payloads: Array<Payload<'onPayloadTooLarge'>> = [];
    const server = await startServer({
      maxPayloadSize: 100,
      hooks: { onPayloadTooLarge: (p) => void payloads.push(p) },
    });
    server.use(async (_ctx, next) => {
      await delay(100);
      next();
    });
    const handled: unknown[] = [];
    server.on('early', (ctx) => {
      handled.push(ctx.data);
    });

    const client = openClient(server);
    await client.opened();
    const first = JSON.stringify({ event: 'early', data: 'a'.repeat(40) });
    const second = JSON.stringify({ event: 'early', data: 'b'.repeat(40) });
    client.sendRaw(first);
    client.sendRaw(second);
    await client.welcomed();
    await client.roundTrip();

    expect(
      Buffer.byteLength(first) + Buffer.byteLength(second),
    ).toBeGreaterThan(100);
    expect(client.received.find(refusal('PAYLOAD_TOO_LARGE'))).toBeDefined();
    expect(payloads).toEqual([
      { clientId: client.id, size: Buffer.byteLength(second), max: 100 },
    ]);
    expect(handled).toEqual(['a'.repeat(40)]);
    expect(client.isOpen).toBe(true);
  });

  it('handles messages sent before the welcome after acceptance, in order', async () => {
    const server = await startServer();
    const log: string[] = [];
    server.use(async (_ctx, next) => {
      await delay(100);
      next();
    });
    server.onConnection(() => void log.push('connection'));
    server.on('early', (ctx) => {
      log.push(`early:${String(ctx.data)}`);
    });
    server.onAck('early-req', (ctx) => `answer:${String(ctx.data)}`);

    const client = openClient(server);
    await client.opened();
    client.emit('early', 1);
    client.emit('early', 2);
    client.emit('join-room', 'r');
    client.emit('early', 3);
    client.send({
      event: 'early-req',
      data: 4,
      _ackName: 'early-req',
      _correlationId: 'e4',
    });
    expect(log).toEqual([]);

    await client.welcomed();
    const reply = await client.next(
      (m) => m.message['_correlationId'] === 'e4',
    );

    expect(log).toEqual(['connection', 'early:1', 'early:2', 'early:3']);
    expect(reply.data).toBe('answer:4');
    expect(server.getRoomMembers('r')).toEqual([client.id]);
    expect(client.events().slice(0, 2)).toEqual([
      'stelar:welcome',
      'joined-room',
    ]);
  });
});
