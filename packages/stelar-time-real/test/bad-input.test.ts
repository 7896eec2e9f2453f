import { afterEach, describe, expect, it } from 'vitest';
import type { StelarHooks, StelarOptions } from '../src/index.js';
import {
  byEvent,
  cleanup,
  connect,
  drain,
  encodeBinaryFrame,
  refusal,
  startServer,
  type TestClient,
} from './helpers.js';

afterEach(cleanup);

type InvalidPayload = Parameters<
  NonNullable<StelarHooks['onInvalidMessage']>
>[0];

/**
 * A server with one ordinary handler, a client that misbehaves and a witness
 * connected throughout.
 */
async function setUp(options: StelarOptions = {}) {
  const invalid: InvalidPayload[] = [];
  const server = await startServer({
    ...options,
    hooks: { onInvalidMessage: (p) => void invalid.push(p) },
  });
  const handled: Array<{ event: string; data: unknown }> = [];
  server.on('chat', (ctx) => {
    handled.push({ event: ctx.event, data: ctx.data });
  });
  const [bad, witness] = await Promise.all([connect(server), connect(server)]);
  let ticks = 0;

  /** Proves both clients are still served, and the server still runs. */
  async function expectStillServing(): Promise<void> {
    const tick = ++ticks;
    server.broadcast('tick', tick);
    expect((await witness.next(byEvent('tick'))).data).toBe(tick);
    expect((await bad.next(byEvent('tick'))).data).toBe(tick);
    await bad.roundTrip();
    expect(bad.isOpen).toBe(true);
    expect(server.getStats().activeConnections).toBe(2);
  }

  return { server, bad, witness, invalid, handled, expectStillServing };
}

/** The code of the refusal the client gets next. */
async function nextRefusal(client: TestClient) {
  const got = await client.next(byEvent('stelar:error'));
  return got.data as { code: string; message: string; event?: string };
}

describe('bad input', () => {
  describe('text frames that are not an event object', () => {
    it.each([
      ['non-JSON text', 'not json at all'],
      ['truncated JSON', '{"event":"chat"'],
      ['an empty frame', ''],
      ['null', 'null'],
      ['an array', '[]'],
      ['an array holding an event object', '[{"event":"chat"}]'],
      ['a number', '42'],
      ['a string', '"str"'],
      ['a boolean', 'true'],
      ['an object without event', '{"data":1}'],
      ['an empty object', '{}'],
      ['a numeric event', '{"event":42,"data":1}'],
      ['a null event', '{"event":null}'],
      ['an array event', '{"event":["chat"]}'],
      ['an object event', '{"event":{"name":"chat"}}'],
    ])(
      'refuses %s with INVALID_MESSAGE and keeps serving',
      async (_, frame) => {
        const { bad, invalid, handled, expectStillServing } = await setUp();

        bad.sendRaw(frame);
        const got = await nextRefusal(bad);

        expect(got.code).toBe('INVALID_MESSAGE');
        expect(typeof got.message).toBe('string');
        expect(invalid).toHaveLength(1);
        expect(invalid[0]).toMatchObject({ clientId: bad.id, protocol: 'ws' });
        expect(invalid[0]!.reason).toEqual(expect.any(String));
        expect(handled).toEqual([]);
        await expectStillServing();
      },
    );
  });

  describe('malformed event names', () => {
    it.each([
      ['empty', ''],
      ['257 bytes long', 'a'.repeat(257)],
      ['with a space', 'chat room'],
      ['with a semicolon', 'chat;drop'],
      ['with a non-ASCII letter', 'chät'],
      ['with an emoji', 'chat😀'],
      ['with a newline', 'chat\n'],
      ['with a NUL', 'chat\u0000'],
      ['with a backslash', 'chat\\x'],
    ])('refuses an event name %s with INVALID_EVENT', async (_, event) => {
      const { bad, invalid, handled, expectStillServing } = await setUp();

      bad.send({ event, data: 1 });
      const got = await nextRefusal(bad);

      expect(got.code).toBe('INVALID_EVENT');
      expect(invalid).toHaveLength(1);
      expect(invalid[0]!.clientId).toBe(bad.id);
      expect(handled).toEqual([]);
      await expectStillServing();
    });

    it('accepts an event name of exactly 256 bytes', async () => {
      const { server, bad, invalid } = await setUp();
      const event = `a.b-c_d/e:${'f'.repeat(246)}`;
      const seen: string[] = [];
      server.on(event, (ctx) => void seen.push(ctx.event));

      bad.emit(event, 1);
      await bad.roundTrip();

      expect(event).toHaveLength(256);
      expect(seen).toEqual([event]);
      expect(invalid).toEqual([]);
    });
  });

  describe('reserved event names', () => {
    it.each([
      'connect',
      'disconnect',
      'error',
      'ping',
      'reconnecting',
      'reconnect_failed',
      'joined-room',
      'left-room',
      'stelar:x',
      'stelar:welcome',
      'stelar:error',
    ])(
      'refuses "%s" from a client with INVALID_EVENT naming it',
      async (event) => {
        const { server, bad, invalid, expectStillServing } = await setUp();
        const reached: string[] = [];
        // A handler for a reserved name could never run; it is refused.
        expect(() => server.on(event, () => undefined)).toThrowError(
          expect.objectContaining({ code: 'ERR_EVENT_NAME_INVALID' }),
        );
        server.onAll((ctx) => void reached.push(`all:${ctx.event}`));

        bad.send({ event, data: 'x' });
        const got = await nextRefusal(bad);

        expect(got).toMatchObject({ code: 'INVALID_EVENT', event });
        expect(invalid).toHaveLength(1);
        expect(reached).toEqual([]);
        await expectStillServing();
      },
    );

    it('swallows an application-level pong without a refusal', async () => {
      const { server, bad, invalid, expectStillServing } = await setUp();

      bad.send({ event: 'pong', data: Date.now() });
      await bad.roundTrip();

      expect(await drain(server, bad)).toEqual([]);
      expect(invalid).toEqual([]);
      await expectStillServing();
    });
  });

  describe('prototype names', () => {
    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
      'reaches no handler for an unregistered event "%s" and pollutes nothing',
      async (event) => {
        const { bad, invalid, handled, expectStillServing } = await setUp();

        bad.sendRaw(`{"event":"${event}","data":{"polluted":1}}`);
        const got = await nextRefusal(bad);

        expect(got).toMatchObject({ code: 'NO_HANDLER', event });
        expect(handled).toEqual([]);
        expect(invalid).toEqual([]);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(Object.prototype).not.toHaveProperty('polluted');
        await expectStillServing();
      },
    );

    it.each(['__proto__', 'constructor'])(
      'delivers an event "%s" to its own registered handler as plain data',
      async (event) => {
        const { server, bad, expectStillServing } = await setUp();
        const seen: unknown[] = [];
        server.on(event, (ctx) => void seen.push(ctx.data));

        bad.sendRaw(`{"event":"${event}","data":{"polluted":1}}`);
        await bad.roundTrip();

        expect(seen).toEqual([{ polluted: 1 }]);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        await expectStillServing();
      },
    );

    it('keeps a __proto__ key in a message or its data as plain data', async () => {
      const { bad, handled, expectStillServing } = await setUp();

      bad.sendRaw('{"event":"chat","__proto__":{"polluted":1},"data":1}');
      bad.sendRaw('{"event":"chat","data":{"__proto__":{"polluted":2}}}');
      await bad.roundTrip();

      expect(handled).toHaveLength(2);
      expect(handled[0]!.data).toBe(1);
      const data = handled[1]!.data as Record<string, unknown>;
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
      expect(Object.keys(data)).toEqual(['__proto__']);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      await expectStillServing();
    });

    it.each(['__proto__', 'constructor', 'toString'])(
      'answers a request to an unregistered ack "%s" with NO_HANDLER',
      async (ackName) => {
        const { bad, expectStillServing } = await setUp();

        const reply = await bad.request('chat', 1, ackName);

        expect(reply.message['error']).toMatchObject({ code: 'NO_HANDLER' });
        await expectStillServing();
      },
    );

    it('keeps a __proto__ metadata key as plain data in getClients', async () => {
      const { server, bad } = await setUp();
      server.on('meta', (ctx) => ctx.setMetadata('__proto__', { polluted: 1 }));

      bad.emit('meta');
      await bad.roundTrip();
      const metadata = server.getClients().find((c) => c.id === bad.id)!
        .metadata as Record<string, unknown>;

      expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
      expect(Object.keys(metadata)).toEqual(['__proto__']);
      expect(metadata['polluted']).toBeUndefined();
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it.each(['__proto__', 'constructor', 'hasOwnProperty'])(
      'treats "%s" as a regular room name',
      async (room) => {
        const { server, bad, witness, expectStillServing } = await setUp();

        await bad.join(room);
        expect(server.getRooms()).toEqual([room]);
        expect(server.getRoomMembers(room)).toEqual([bad.id]);
        expect(server.getClients(room).map((c) => c.id)).toEqual([bad.id]);
        expect(server.getRoomMembers('constructor2')).toEqual([]);

        server.to(room, 'room-news', room);
        expect((await bad.next(byEvent('room-news'))).data).toBe(room);
        expect(await drain(server, witness)).toEqual([]);

        bad.emit('leave-room', room);
        await bad.next(byEvent('left-room', (m) => m.data === room));
        expect(server.getRooms()).toEqual([]);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        await expectStillServing();
      },
    );
  });

  describe('room names', () => {
    it.each([
      ['a number', 42],
      ['null', null],
      ['an object', { name: 'r' }],
      ['an array', ['r']],
      ['a boolean', true],
      ['missing', undefined],
      ['empty', ''],
      ['257 bytes long', 'r'.repeat(257)],
      ['257 UTF-8 bytes in fewer characters', `${'é'.repeat(128)}x`],
    ])(
      'refuses a join-room whose room is %s with INVALID_MESSAGE',
      async (_, room) => {
        const { server, bad, invalid, expectStillServing } = await setUp();

        bad.send(
          room === undefined
            ? { event: 'join-room' }
            : { event: 'join-room', data: room },
        );
        const got = await nextRefusal(bad);

        expect(got.code).toBe('INVALID_MESSAGE');
        expect(invalid).toHaveLength(1);
        expect(server.getRooms()).toEqual([]);
        await expectStillServing();
      },
    );

    it('refuses a leave-room whose room is not a string with INVALID_MESSAGE', async () => {
      const { bad, invalid, expectStillServing } = await setUp();

      bad.send({ event: 'leave-room', data: 7 });
      const got = await nextRefusal(bad);

      expect(got.code).toBe('INVALID_MESSAGE');
      expect(invalid).toHaveLength(1);
      await expectStillServing();
    });

    it('accepts a room name of exactly 256 UTF-8 bytes', async () => {
      const { server, bad } = await setUp();
      const room = 'é'.repeat(128);

      await bad.join(room);

      expect(server.getRooms()).toEqual([room]);
    });
  });

  describe('binary frames', () => {
    function prefixed(length: number, rest: Buffer): Buffer {
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32BE(length, 0);
      return Buffer.concat([prefix, rest]);
    }

    it.each([
      ['shorter than 4 bytes', Buffer.from([0, 0, 1])],
      ['empty', Buffer.alloc(0)],
      ['with a header length of 0', prefixed(0, Buffer.from('payload'))],
      [
        'with a header length overrunning the frame',
        prefixed(100, Buffer.from('{"event":"chat"}')),
      ],
      [
        'with a header length of 2^32-1',
        prefixed(0xffffffff, Buffer.from('{"event":"chat"}')),
      ],
      ['with a non-JSON header', prefixed(5, Buffer.from('hello'))],
      [
        'with a header that is not UTF-8',
        prefixed(4, Buffer.from([0xff, 0xfe, 0xfd, 0xfc])),
      ],
      ['with an array header', encodeBinaryFrame(['chat'])],
      ['with a null header', encodeBinaryFrame(null)],
      ['with a header without event', encodeBinaryFrame({ name: 'chat' })],
      ['with a numeric event', encodeBinaryFrame({ event: 7 })],
    ])('refuses a binary frame %s with INVALID_MESSAGE', async (_, frame) => {
      const { bad, invalid, handled, expectStillServing } = await setUp();

      bad.sendRaw(frame);
      const got = await nextRefusal(bad);

      expect(got.code).toBe('INVALID_MESSAGE');
      expect(invalid).toHaveLength(1);
      expect(invalid[0]).toMatchObject({ clientId: bad.id, protocol: 'ws' });
      expect(handled).toEqual([]);
      await expectStillServing();
    });

    it.each([
      ['a malformed event', { event: 'bad name' }],
      ['a reserved event', { event: 'stelar:upload' }],
      ['an empty event', { event: '' }],
    ])(
      'refuses a binary frame with %s with INVALID_EVENT',
      async (_, header) => {
        const { bad, invalid, handled, expectStillServing } = await setUp();

        bad.sendRaw(encodeBinaryFrame(header, Buffer.from([1, 2])));
        const got = await nextRefusal(bad);

        expect(got.code).toBe('INVALID_EVENT');
        expect(invalid).toHaveLength(1);
        expect(handled).toEqual([]);
        await expectStillServing();
      },
    );

    it('hands a well-formed binary frame to its handler', async () => {
      const { bad, handled, invalid, expectStillServing } = await setUp();

      bad.sendRaw(encodeBinaryFrame({ event: 'chat' }, Buffer.from([5, 6])));
      await bad.roundTrip();

      expect(handled).toHaveLength(1);
      expect([...(handled[0]!.data as Buffer)]).toEqual([5, 6]);
      expect(invalid).toEqual([]);
      await expectStillServing();
    });
  });

  describe('oversized input', () => {
    it('closes a connection that sends a frame over maxFrameSize with 1009', async () => {
      const { server, bad, witness, handled } = await setUp({
        maxPayloadSize: 512,
        maxFrameSize: 1024,
      });

      bad.sendRaw(JSON.stringify({ event: 'chat', data: 'x'.repeat(2000) }));
      const closed = await bad.waitClose();

      expect(closed.code).toBe(1009);
      expect(handled).toEqual([]);
      await expect.poll(() => server.getClients().length).toBe(1);
      server.broadcast('tick', 'after');
      expect((await witness.next(byEvent('tick'))).data).toBe('after');
      const again = await connect(server);
      expect(
        server
          .getClients()
          .map((c) => c.id)
          .sort(),
      ).toEqual([witness.id, again.id].sort());
    });

    it('drops a message between maxPayloadSize and maxFrameSize with PAYLOAD_TOO_LARGE', async () => {
      const { bad, handled, expectStillServing } = await setUp({
        maxPayloadSize: 512,
        maxFrameSize: 1024,
      });

      bad.sendRaw(JSON.stringify({ event: 'chat', data: 'x'.repeat(700) }));
      const got = await nextRefusal(bad);

      expect(got.code).toBe('PAYLOAD_TOO_LARGE');
      expect(handled).toEqual([]);
      await expectStillServing();
    });

    it('drops a binary message over maxPayloadSize with PAYLOAD_TOO_LARGE', async () => {
      const { bad, handled, expectStillServing } = await setUp({
        maxPayloadSize: 512,
        maxFrameSize: 1024,
      });

      bad.sendRaw(encodeBinaryFrame({ event: 'chat' }, Buffer.alloc(700)));
      const got = await nextRefusal(bad);

      expect(got.code).toBe('PAYLOAD_TOO_LARGE');
      expect(handled).toEqual([]);
      await expectStillServing();
    });
  });

  describe('floods', () => {
    it('charges invalid messages to the rate limit, which ends a flood of them', async () => {
      const { server, bad, witness, invalid } = await setUp({
        rateLimit: { maxPoints: 5, windowMs: 60_000 },
      });

      for (let i = 0; i < 10; i++) bad.sendRaw('garbage');
      const closed = await bad.waitClose();

      expect(closed.code).toBe(1008);
      expect(invalid).toHaveLength(5);
      expect(bad.received.filter(refusal('RATE_LIMITED'))).toHaveLength(1);
      server.broadcast('tick', 'after');
      expect((await witness.next(byEvent('tick'))).data).toBe('after');
    });
  });

  describe('a mix of everything', () => {
    it('answers each bad message in order and then handles a good one', async () => {
      const { bad, handled, invalid, expectStillServing } = await setUp();

      bad.sendRaw('nope');
      bad.send({ event: 'bad name' });
      bad.send({ event: 'connect' });
      bad.send({ event: 'join-room', data: 5 });
      bad.sendRaw(Buffer.from([1]));
      bad.emit('chat', 'good');
      await bad.roundTrip();

      const codes = bad.received
        .filter(byEvent('stelar:error'))
        .map((m) => (m.data as { code: string }).code);
      expect(codes).toEqual([
        'INVALID_MESSAGE',
        'INVALID_EVENT',
        'INVALID_EVENT',
        'INVALID_MESSAGE',
        'INVALID_MESSAGE',
      ]);
      expect(invalid).toHaveLength(5);
      expect(handled).toEqual([{ event: 'chat', data: 'good' }]);
      await expectStillServing();
    });
  });
});
