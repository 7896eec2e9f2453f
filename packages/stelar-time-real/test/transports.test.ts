import { FrameType } from '@stelar/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { StelarError, type StelarHooks } from '../src/index.js';
import { Harness, fetchHttp } from './harness.js';
import {
  RawClients,
  TRANSPORTS,
  TcpRawClient,
  byEvent,
  drain,
  refusal,
  startWithTcp,
  type RawClient,
  type RawClosed,
  type TransportKind,
} from './raw-clients.js';

const harness = new Harness();
const raw = new RawClients();

afterEach(async () => {
  raw.destroyAll();
  await harness.close();
});

const MINUTE_MS = 60_000;

type Payload<Name extends keyof StelarHooks> = Parameters<
  NonNullable<StelarHooks[Name]>
>[0];

/**
 * What an accepted client receives when the server ends it for a fault: the
 * refusal, then on TCP the ERROR frame (on WebSocket, the close code says it).
 */
const FAULT_ENDING: Record<TransportKind, string[]> = {
  ws: ['accept', 'stelar:error'],
  tcp: ['accept', 'stelar:error', 'error'],
};

/** A JSON text the server cannot parse, sent the way each transport would. */
function sendBadJson(client: RawClient): void {
  if (client instanceof TcpRawClient) {
    client.sendFrame(FrameType.JSON, 'chat', '{nope');
  } else {
    client.sendRaw('{nope');
  }
}

/**
 * Checks a close the server chose for a fault: on WebSocket, `wsCode`; on
 * TCP, an ERROR frame last and then the end of the stream (not a reset).
 */
function expectFaultClose(
  client: RawClient,
  closed: RawClosed,
  wsCode: number,
): void {
  if (client instanceof TcpRawClient) {
    expect(closed).toMatchObject({ code: null, lastFrame: 'error' });
    expect(client.ended).toBe(true);
  } else {
    expect(closed.code).toBe(wsCode);
  }
}

/** Checks a refusal at admission: an HTTP status, or an ERROR frame. */
function expectRefusedAtAdmission(
  client: RawClient,
  closed: RawClosed,
  httpStatus: number,
): void {
  expect(client.received.some((m) => m.kind === 'accept')).toBe(false);
  if (client instanceof TcpRawClient) {
    expect(closed.lastFrame).toBe('error');
    expect(client.received.map((m) => m.kind)).toEqual(['error']);
  } else {
    expect(closed.httpStatus).toBe(httpStatus);
  }
}

describe.each(TRANSPORTS)('over %s', (kind: TransportKind) => {
  describe('acceptance', () => {
    it('accepts the client and tells it its id', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);

      const client = await raw.accepted(kind, endpoints);

      expect(client.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(stelar.getClients()).toMatchObject([
        { id: client.id, protocol: kind, remoteAddress: '127.0.0.1' },
      ]);
    });

    it('holds a message sent before acceptance and handles it after', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const seen: unknown[] = [];
      stelar.use(async (_ctx, next) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        next();
      });
      stelar.on('early', (ctx) => void seen.push(ctx.data));
      const client = raw.connectTo(kind, endpoints);
      await client.opened();

      client.emit('early', 1);
      await client.accepted();
      await client.roundTrip();

      expect(seen).toEqual([1]);
    });
  });

  describe('events', () => {
    it('delivers an event to its handler with the data and the protocol', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const seen: unknown[] = [];
      stelar.on('chat', (ctx) => {
        seen.push({
          id: ctx.id,
          data: ctx.data,
          protocol: ctx.clientInfo.protocol,
        });
      });
      const client = await raw.accepted(kind, endpoints);

      client.emit('chat', { text: 'hello', n: [1, 2] });
      await client.roundTrip();

      expect(seen).toEqual([
        { id: client.id, data: { text: 'hello', n: [1, 2] }, protocol: kind },
      ]);
    });

    it('delivers an event sent without data as undefined', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const seen: unknown[] = [];
      stelar.on('tick', (ctx) => void seen.push(ctx.data));
      const client = await raw.accepted(kind, endpoints);

      client.emit('tick');
      await client.roundTrip();

      expect(seen).toEqual([undefined]);
    });

    it('sends an event from the server as JSON the client reads back', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.on('echo', (ctx) => ctx.emit('echoed', ctx.data));
      const client = await raw.accepted(kind, endpoints);

      client.emit('echo', { deep: { list: [true, null, 'x'] } });
      const got = await client.next(byEvent('echoed'));

      expect(got).toMatchObject({
        kind: 'event',
        isBinary: false,
        data: { deep: { list: [true, null, 'x'] } },
      });
    });
  });

  describe('binary', () => {
    it('delivers the bytes of a binary event to the handler', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const seen: number[][] = [];
      stelar.on('blob', (ctx) => {
        seen.push([...(ctx.data as Uint8Array)]);
      });
      const client = await raw.accepted(kind, endpoints);

      client.emitBinary('blob', new Uint8Array([0, 1, 254, 255]));
      await client.roundTrip();

      expect(seen).toEqual([[0, 1, 254, 255]]);
    });

    it('sends a binary event to the client as bytes', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.on('want-bytes', (ctx) => {
        ctx.emitBinary('bytes', new Uint8Array([9, 8, 7, 0]));
      });
      const client = await raw.accepted(kind, endpoints);

      client.emit('want-bytes');
      const got = await client.next(byEvent('bytes'));

      expect(got.kind).toBe('binary');
      expect(got.isBinary).toBe(true);
      expect([...(got.data as Buffer)]).toEqual([9, 8, 7, 0]);
    });
  });

  describe('requests', () => {
    it('answers a request with what the ack handler returns', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.onAck('add', (ctx) => {
        const [a, b] = ctx.data as [number, number];
        return { sum: a + b, event: ctx.event };
      });
      const client = await raw.accepted(kind, endpoints);

      const reply = await client.request('sum', [2, 3], 'add');

      expect(reply).toEqual({ data: { sum: 5, event: 'sum' } });
    });

    it('answers HANDLER_ERROR with a generic text when the handler throws', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.onAck('boom', () => {
        throw new Error('secret internals');
      });
      const client = await raw.accepted(kind, endpoints);

      const reply = await client.request('boom', null, 'boom');

      expect(reply).toMatchObject({ error: { code: 'HANDLER_ERROR' } });
      expect(JSON.stringify(reply)).not.toContain('secret internals');
      expect(client.isOpen()).toBe(true);
    });

    it('answers NO_HANDLER for an ack name nobody handles', async () => {
      const { endpoints } = await startWithTcp(harness);
      const client = await raw.accepted(kind, endpoints);

      const reply = await client.request('sum', 1, 'nobody');

      expect(reply).toMatchObject({ error: { code: 'NO_HANDLER' } });
    });

    it('passes the code and message of a StelarError through', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.onAck('buy', async () => {
        throw new StelarError('OUT_OF_STOCK', 'no more apples');
      });
      const client = await raw.accepted(kind, endpoints);

      const reply = await client.request('buy', 'apple', 'buy');

      expect(reply).toEqual({
        error: { code: 'OUT_OF_STOCK', message: 'no more apples' },
      });
    });
  });

  describe('rooms', () => {
    it('confirms a join with joined-room and a leave with left-room', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const client = await raw.accepted(kind, endpoints);

      const joined = await client.join('lobby');
      const members = stelar.getRoomMembers('lobby');
      const left = await client.leave('lobby');

      expect(joined).toMatchObject({ event: 'joined-room', data: 'lobby' });
      expect(members).toEqual([client.id]);
      expect(left).toMatchObject({ event: 'left-room', data: 'lobby' });
      expect(stelar.getRooms()).toEqual([]);
    });

    it('refuses a join the hook rejects with JOIN_REJECTED', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        hooks: { onClientJoinRoom: ({ room }) => room !== 'vip' },
      });
      const client = await raw.accepted(kind, endpoints);

      const answer = await client.join('vip');

      expect(answer).toMatchObject({
        event: 'stelar:error',
        data: { code: 'JOIN_REJECTED', room: 'vip' },
      });
      expect(stelar.getRooms()).toEqual([]);
      expect(client.isOpen()).toBe(true);
    });

    it('delivers to(room) to the members and nobody else', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const [a, b, outsider] = await Promise.all([
        raw.accepted(kind, endpoints),
        raw.accepted(kind, endpoints),
        raw.accepted(kind, endpoints),
      ]);
      await a.join('lobby');
      await b.join('lobby');

      stelar.to('lobby', 'news', { headline: 'hi' });

      expect((await a.next(byEvent('news'))).data).toEqual({ headline: 'hi' });
      expect((await b.next(byEvent('news'))).data).toEqual({ headline: 'hi' });
      expect(await drain(stelar, outsider)).toEqual([]);
    });
  });

  describe('invalid messages', () => {
    it('refuses a payload that is not JSON with INVALID_MESSAGE and keeps the client', async () => {
      const invalid: Array<Payload<'onInvalidMessage'>> = [];
      const { stelar, endpoints } = await startWithTcp(harness, {
        hooks: { onInvalidMessage: (p) => void invalid.push(p) },
      });
      stelar.onAck('status', () => 'up');
      const client = await raw.accepted(kind, endpoints);

      sendBadJson(client);
      await client.next(refusal('INVALID_MESSAGE'));

      expect(await client.request('status', null, 'status')).toEqual({
        data: 'up',
      });
      expect(invalid).toMatchObject([{ clientId: client.id, protocol: kind }]);
    });

    it('refuses a reserved event name with INVALID_EVENT and keeps the client', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const seen: string[] = [];
      stelar.onAll((ctx) => void seen.push(ctx.event));
      const client = await raw.accepted(kind, endpoints);

      client.emit('connect', 1);
      const got = await client.next(refusal('INVALID_EVENT'));
      client.emit('fine', 2);
      await client.roundTrip();

      expect(got.data).toMatchObject({ event: 'connect' });
      expect(seen).toEqual(['fine']);
      expect(client.isOpen()).toBe(true);
    });
  });

  describe('maxPayloadSize', () => {
    it('refuses a message over maxPayloadSize with PAYLOAD_TOO_LARGE and keeps the client', async () => {
      const tooLarge: Array<Payload<'onPayloadTooLarge'>> = [];
      const { stelar, endpoints } = await startWithTcp(harness, {
        maxPayloadSize: 1024,
        hooks: { onPayloadTooLarge: (p) => void tooLarge.push(p) },
      });
      const seen: unknown[] = [];
      stelar.on('note', (ctx) => void seen.push(ctx.data));
      const client = await raw.accepted(kind, endpoints);

      client.emit('note', 'x'.repeat(2000));
      await client.next(refusal('PAYLOAD_TOO_LARGE'));
      client.emit('note', 'small');
      await client.roundTrip();

      expect(seen).toEqual(['small']);
      expect(tooLarge).toHaveLength(1);
      expect(tooLarge[0]).toMatchObject({ clientId: client.id, max: 1024 });
      expect(tooLarge[0]!.size).toBeGreaterThan(2000);
    });
  });

  describe('maxFrameSize', () => {
    it('closes a client whose frame exceeds maxFrameSize', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        maxFrameSize: 1024,
        maxPayloadSize: 1024,
      });
      const seen: unknown[] = [];
      stelar.on('note', (ctx) => void seen.push(ctx.data));
      const client = await raw.accepted(kind, endpoints);

      client.emit('note', 'x'.repeat(4096));
      const closed = await client.waitClosed();

      expectFaultClose(client, closed, 1009);
      expect(seen).toEqual([]);
      await expect.poll(() => stelar.getStats().activeConnections).toBe(0);
    });
  });

  describe('rate limit', () => {
    it('refuses a flood with RATE_LIMITED, then closes the client', async () => {
      const exceeded: Array<Payload<'onRateLimitExceeded'>> = [];
      const { stelar, endpoints } = await startWithTcp(harness, {
        rateLimit: { maxPoints: 3, windowMs: MINUTE_MS },
        hooks: { onRateLimitExceeded: (p) => void exceeded.push(p) },
      });
      const seen: unknown[] = [];
      stelar.on('tick', (ctx) => void seen.push(ctx.data));
      const client = await raw.accepted(kind, endpoints);

      for (let i = 0; i < 6; i++) client.emit('tick', i);
      const closed = await client.waitClosed();

      expectFaultClose(client, closed, 1008);
      expect(seen).toEqual([0, 1, 2]);
      expect(client.transcript()).toEqual(FAULT_ENDING[kind]);
      expect(client.received.find(refusal('RATE_LIMITED'))!.data).toEqual({
        code: 'RATE_LIMITED',
        message: expect.any(String),
        event: 'tick',
      });
      expect(exceeded).toEqual([
        { clientId: client.id, event: 'tick', protocol: kind },
      ]);
      await expect.poll(() => stelar.getStats().activeConnections).toBe(0);
    });

    it('keeps a flooding client when onRateLimitExceeded returns false', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        rateLimit: { maxPoints: 2, windowMs: MINUTE_MS },
        hooks: { onRateLimitExceeded: () => false },
      });
      const seen: unknown[] = [];
      stelar.on('tick', (ctx) => void seen.push(ctx.data));
      const client = await raw.accepted(kind, endpoints);

      for (let i = 0; i < 4; i++) client.emit('tick', i);
      await client.roundTrip();

      expect(seen).toEqual([0, 1]);
      expect(client.received.filter(refusal('RATE_LIMITED'))).toHaveLength(2);
      expect(client.isOpen()).toBe(true);
      expect(stelar.getClients().map((c) => c.id)).toEqual([client.id]);
    });
  });

  describe('connection limits', () => {
    it('refuses a client over maxConnections and fires onMaxConnectionsReached', async () => {
      const reached: Array<Payload<'onMaxConnectionsReached'>> = [];
      const { stelar, endpoints } = await startWithTcp(harness, {
        maxConnections: 1,
        hooks: { onMaxConnectionsReached: (p) => void reached.push(p) },
      });
      const first = await raw.accepted(kind, endpoints);

      const second = raw.connectTo(kind, endpoints);
      const closed = await second.waitClosed();

      expectRefusedAtAdmission(second, closed, 503);
      expect(reached).toEqual([
        { activeConnections: 1, max: 1, ip: '127.0.0.1' },
      ]);
      expect(stelar.getClients().map((c) => c.id)).toEqual([first.id]);
    });

    it('refuses a client over maxConnectionsPerIP', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        maxConnectionsPerIP: 1,
      });
      const first = await raw.accepted(kind, endpoints);

      const second = raw.connectTo(kind, endpoints);
      const closed = await second.waitClosed();

      expectRefusedAtAdmission(second, closed, 429);
      expect(stelar.getClients().map((c) => c.id)).toEqual([first.id]);
      expect(await first.request('x', 1, 'nobody')).toMatchObject({
        error: { code: 'NO_HANDLER' },
      });
    });

    it('admits a client again once the one over the limit left', async () => {
      const { endpoints } = await startWithTcp(harness, {
        maxConnectionsPerIP: 1,
      });
      const first = await raw.accepted(kind, endpoints);
      await raw.connectTo(kind, endpoints).waitClosed();

      first.destroy();
      await first.waitClosed();
      const third = raw.connectTo(kind, endpoints);

      expect(await third.accepted()).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('connection middleware', () => {
    it('rejects a client with REJECTED, then closes it', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.use((_ctx, next) => next(new Error('token missing')));
      const client = raw.connectTo(kind, endpoints);

      const closed = await client.waitClosed();

      expect(client.transcript()).toEqual(FAULT_ENDING[kind].slice(1));
      expect(client.received.find(refusal('REJECTED'))).toBeDefined();
      expectFaultClose(client, closed, 1008);
      expect(closed.reason).toBe('token missing');
      expect(stelar.getStats().totalConnections).toBe(0);
    });

    it('sends the ack-style error of a rejecting middleware before REJECTED', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.use((ctx) => ctx.ack('error', { message: 'banned' }));
      const client = raw.connectTo(kind, endpoints);

      const closed = await client.waitClosed();

      expect(client.transcript()).toEqual([
        'ack',
        ...FAULT_ENDING[kind].slice(1),
      ]);
      expect(client.received[0]).toMatchObject({
        kind: 'ack',
        event: 'error',
        data: { message: 'banned' },
      });
      expect(client.received[0]!.correlationId).toBeUndefined();
      expectFaultClose(client, closed, 1008);
      expect(closed.reason).toBe('banned');
    });

    it('rejects a client whose middleware never decides once connectTimeout runs out', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        connectTimeout: 200,
      });
      stelar.use(() => undefined);
      const client = raw.connectTo(kind, endpoints);

      const closed = await client.waitClosed();

      expect(client.transcript()).toEqual(FAULT_ENDING[kind].slice(1));
      expect(client.received.find(refusal('REJECTED'))).toBeDefined();
      expectFaultClose(client, closed, 1008);
      expect(stelar.getStats().activeConnections).toBe(0);
    });
  });

  describe('connection hooks', () => {
    it('reports the protocol to onClientConnect and onClientDisconnect', async () => {
      const connects: Array<Payload<'onClientConnect'>> = [];
      const disconnects: Array<Payload<'onClientDisconnect'>> = [];
      const { endpoints } = await startWithTcp(harness, {
        hooks: {
          onClientConnect: (p) => void connects.push(p),
          onClientDisconnect: (p) => void disconnects.push(p),
        },
      });
      const client = await raw.accepted(kind, endpoints);
      await client.join('alpha');

      client.destroy();
      await client.waitClosed();
      await expect.poll(() => disconnects.length).toBe(1);

      expect(connects).toMatchObject([
        { clientId: client.id, ip: '127.0.0.1', protocol: kind },
      ]);
      expect(disconnects[0]).toMatchObject({
        clientId: client.id,
        ip: '127.0.0.1',
        protocol: kind,
      });
      expect([...disconnects[0]!.rooms]).toEqual(['alpha']);
    });
  });

  describe('stop()', () => {
    it('tells the client the server is going away', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const client = await raw.accepted(kind, endpoints);

      await stelar.stop();
      const closed = await client.waitClosed();

      if (client instanceof TcpRawClient) {
        expect(closed).toMatchObject({ code: null, lastFrame: 'disconnect' });
        expect(client.ended).toBe(true);
      } else {
        expect(closed.code).toBe(1001);
      }
    });
  });

  describe('statistics', () => {
    it('counts the client under its protocol in getStats and the health document', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const client = await raw.accepted(kind, endpoints);
      const expected = {
        activeConnections: 1,
        wsConnections: kind === 'ws' ? 1 : 0,
        tcpConnections: kind === 'tcp' ? 1 : 0,
      };

      const health = await fetchHttp(endpoints.ws, { path: '/health' });

      expect(stelar.getStats()).toMatchObject(expected);
      expect(JSON.parse(health.body)).toMatchObject(expected);
      client.destroy();
      await expect
        .poll(() => stelar.getStats())
        .toMatchObject({
          activeConnections: 0,
          wsConnections: 0,
          tcpConnections: 0,
        });
    });
  });

  describe('heartbeat', () => {
    it('drops a client that stops answering pings', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        heartbeatInterval: 50,
        heartbeatTimeout: 150,
      });
      const gone: string[] = [];
      stelar.onDisconnect((ctx) => void gone.push(ctx.id));
      const client = raw.connectTo(kind, endpoints, { autoPong: false });
      await client.accepted();

      await client.waitClosed();

      expect(client.received.some((m) => m.kind === 'ping')).toBe(true);
      await expect.poll(() => gone).toEqual([client.id]);
      expect(stelar.getStats()).toMatchObject({
        activeConnections: 0,
        wsConnections: 0,
        tcpConnections: 0,
      });
    });

    it('keeps a client that answers every ping', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        heartbeatInterval: 50,
        heartbeatTimeout: 150,
      });
      const client = await raw.accepted(kind, endpoints);

      // Six pings span more than heartbeatTimeout, so only the answers
      // can have kept the client.
      for (let i = 0; i < 6; i++) {
        await client.next((m) => m.kind === 'ping');
      }

      expect(client.isOpen()).toBe(true);
      expect(stelar.getClients().map((c) => c.id)).toEqual([client.id]);
    });
  });
});
