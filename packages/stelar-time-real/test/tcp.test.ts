import { FrameType, encodeFrame } from '@stelar/protocol';
import { createSelfSignedCertificate } from '@stelar/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StelarServer } from '../src/index.js';
import { Harness, WAIT_MS } from './harness.js';
import {
  RawClients,
  TcpRawClient,
  byEvent,
  drain,
  refusal,
  startWithTcp,
  type Endpoints,
  type RawClient,
  type TransportKind,
} from './raw-clients.js';

const harness = new Harness();
const raw = new RawClients();

afterEach(async () => {
  raw.destroyAll();
  await harness.close();
});

/** A 7-byte frame header claiming `length` bytes in all. */
function header(length: number, type: number, eventLength: number): Buffer {
  const bytes = Buffer.alloc(7);
  bytes.writeUInt32BE(length, 0);
  bytes.writeUInt8(type, 4);
  bytes.writeUInt16BE(eventLength, 5);
  return bytes;
}

/** Opens an accepted raw TCP client. */
async function tcpClient(endpoints: Endpoints): Promise<TcpRawClient> {
  return (await raw.accepted('tcp', endpoints)) as TcpRawClient;
}

/**
 * Checks that a client connected before a peer's fault still works: its
 * request round-trips. Needs the `status` ack handler.
 */
async function expectStillServed(client: RawClient): Promise<void> {
  expect(await client.request('check', null, 'status')).toEqual({
    data: 'up',
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function serveStatus(stelar: StelarServer): void {
  stelar.onAck('status', () => 'up');
}

describe('TCP transport', () => {
  describe('mixed rooms', () => {
    it('delivers to(room) to WebSocket and TCP members alike', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const ws = await raw.accepted('ws', endpoints);
      const tcp = await raw.accepted('tcp', endpoints);
      const outsider = await raw.accepted('tcp', endpoints);
      await ws.join('mix');
      await tcp.join('mix');

      stelar.to('mix', 'news', { n: 1 });

      expect((await ws.next(byEvent('news'))).data).toEqual({ n: 1 });
      expect((await tcp.next(byEvent('news'))).data).toEqual({ n: 1 });
      expect(await drain(stelar, outsider)).toEqual([]);
      expect(
        stelar
          .getClients('mix')
          .map((c) => c.protocol)
          .sort(),
      ).toEqual(['tcp', 'ws']);
    });

    it.each<[TransportKind, TransportKind]>([
      ['ws', 'tcp'],
      ['tcp', 'ws'],
    ])(
      'relays the broadcast of a %s client to a %s client',
      async (from, to) => {
        const { stelar, endpoints } = await startWithTcp(harness);
        stelar.on('say', (ctx) => {
          ctx.broadcast('said', {
            text: ctx.data,
            from: ctx.clientInfo.protocol,
          });
        });
        const sender = await raw.accepted(from, endpoints);
        const receiver = await raw.accepted(to, endpoints);

        sender.emit('say', 'hello');
        const got = await receiver.next(byEvent('said'));

        expect(got.data).toEqual({ text: 'hello', from });
        expect(await drain(stelar, sender)).toEqual([]);
      },
    );

    it.each<[TransportKind, TransportKind]>([
      ['ws', 'tcp'],
      ['tcp', 'ws'],
    ])(
      'relays the room message of a %s client to a %s member',
      async (from, to) => {
        const { stelar, endpoints } = await startWithTcp(harness);
        stelar.on('say', (ctx) => ctx.to('mix', 'said', ctx.data, ctx.id));
        const sender = await raw.accepted(from, endpoints);
        const member = await raw.accepted(to, endpoints);
        await sender.join('mix');
        await member.join('mix');

        sender.emit('say', { text: 'in the room' });

        expect((await member.next(byEvent('said'))).data).toEqual({
          text: 'in the room',
        });
        expect(await drain(stelar, sender)).toEqual([]);
      },
    );

    it.each<[TransportKind, TransportKind]>([
      ['ws', 'tcp'],
      ['tcp', 'ws'],
    ])(
      'relays the binary broadcast of a %s client to a %s client',
      async (from, to) => {
        const { stelar, endpoints } = await startWithTcp(harness);
        stelar.on('blob', (ctx) => {
          ctx.broadcastBinary('blob', ctx.data as Uint8Array);
        });
        const sender = await raw.accepted(from, endpoints);
        const receiver = await raw.accepted(to, endpoints);

        sender.emitBinary('blob', new Uint8Array([1, 2, 3, 0, 255]));
        const got = await receiver.next(byEvent('blob'));

        expect(got.isBinary).toBe(true);
        expect([...(got.data as Buffer)]).toEqual([1, 2, 3, 0, 255]);
      },
    );

    it('counts clients of both transports against maxConnections', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        maxConnections: 2,
      });
      await raw.accepted('ws', endpoints);
      await raw.accepted('tcp', endpoints);

      const lateTcp = raw.connectTo('tcp', endpoints);
      const lateWs = raw.connectTo('ws', endpoints);
      const [tcpClosed, wsClosed] = await Promise.all([
        lateTcp.waitClosed(),
        lateWs.waitClosed(),
      ]);

      expect(tcpClosed.lastFrame).toBe('error');
      expect(wsClosed.httpStatus).toBe(503);
      expect(stelar.getStats()).toMatchObject({
        activeConnections: 2,
        wsConnections: 1,
        tcpConnections: 1,
      });
    });
  });

  describe('frame types', () => {
    it('sends CONNECT once, first, with the client id as its payload', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const client = await tcpClient(endpoints);
      await client.roundTrip();

      const accept = client.received[0]!;

      expect(accept).toMatchObject({
        frameType: FrameType.CONNECT,
        event: 'connect',
        data: stelar.getClients()[0]!.id,
      });
      expect(client.received.filter((m) => m.kind === 'accept')).toHaveLength(
        1,
      );
    });

    it('gives TCP handlers no HTTP request and the net socket', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const seen: unknown[] = [];
      stelar.on('probe', (ctx) => {
        seen.push({
          req: ctx.req,
          socket: (ctx.socket as { remotePort?: unknown }).remotePort,
        });
      });
      const client = await tcpClient(endpoints);

      client.emit('probe');
      await client.roundTrip();

      expect(seen).toEqual([{ req: null, socket: client.socket.localPort }]);
    });

    it('carries events in JSON frames both ways, an absent payload as no data', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const seen: unknown[] = [];
      stelar.on('echo', (ctx) => {
        seen.push(ctx.data);
        ctx.emit('echoed', ctx.data);
      });
      const client = await tcpClient(endpoints);

      client.sendFrame(FrameType.JSON, 'echo', '{"a":[1,"b"]}');
      client.sendFrame(FrameType.JSON, 'echo');
      const full = await client.next(byEvent('echoed'));
      const empty = await client.next(byEvent('echoed'));

      expect(seen).toEqual([{ a: [1, 'b'] }, undefined]);
      expect(full).toMatchObject({
        frameType: FrameType.JSON,
        data: { a: [1, 'b'] },
      });
      expect(empty).toMatchObject({ frameType: FrameType.JSON });
      expect(empty.data).toBeUndefined();
    });

    it('carries binary events in BINARY frames both ways', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.on('bytes', (ctx) => {
        const bytes = ctx.data as Uint8Array;
        ctx.emitBinary('bytes.back', bytes.slice().reverse());
      });
      const client = await tcpClient(endpoints);

      client.sendFrame(FrameType.BINARY, 'bytes', new Uint8Array([1, 2, 3]));
      const got = await client.next(byEvent('bytes.back'));

      expect(got.frameType).toBe(FrameType.BINARY);
      expect([...(got.data as Buffer)]).toEqual([3, 2, 1]);
    });

    it('answers a PING from the client with a PONG', async () => {
      const { endpoints } = await startWithTcp(harness);
      const client = await tcpClient(endpoints);

      client.sendFrame(FrameType.PING, '');
      const pong = await client.next((m) => m.kind === 'pong');

      expect(pong).toMatchObject({ frameType: FrameType.PONG, event: '' });
    });

    it('sends PINGs to a client and counts its PONGs as life', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        heartbeatInterval: 50,
        heartbeatTimeout: 150,
      });
      const client = await tcpClient(endpoints);

      // Six pings span more than heartbeatTimeout: the client, which only
      // answers them, was kept by its PONGs.
      for (let i = 0; i < 6; i++) {
        const ping = await client.next((m) => m.kind === 'ping');
        expect(ping).toMatchObject({ frameType: FrameType.PING, event: '' });
      }

      expect(stelar.getStats().tcpConnections).toBe(1);
    });

    it('takes an unprompted PONG silently, without counting a message', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const client = await tcpClient(endpoints);
      const before = stelar.getStats().totalMessagesReceived;

      client.sendFrame(FrameType.PONG, '');
      await client.roundTrip();

      expect(await drain(stelar, client)).toEqual([]);
      expect(stelar.getStats().totalMessagesReceived).toBe(before);
    });

    it('answers an ACK_REQ with an ACK_RES named after the ack handler', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.onAck('add', (ctx) => {
        const [a, b] = ctx.data as [number, number];
        return a + b;
      });
      const client = await tcpClient(endpoints);

      const body = JSON.stringify({
        event: 'sum',
        data: [4, 5],
        _correlationId: 17,
      });
      client.sendFrame(FrameType.ACK_REQ, 'add', body);
      const reply = await client.next((m) => m.kind === 'ack');

      expect(reply).toMatchObject({
        frameType: FrameType.ACK_RES,
        event: 'add',
        correlationId: 17,
        data: 9,
      });
      expect(reply.error).toBeUndefined();
    });

    it('answers a failing ACK_REQ with an ACK_RES carrying the error', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.onAck('div', () => {
        throw new Error('division by zero');
      });
      const client = await tcpClient(endpoints);

      const body = JSON.stringify({ data: [1, 0], _correlationId: 'd1' });
      client.sendFrame(FrameType.ACK_REQ, 'div', body);
      const reply = await client.next((m) => m.kind === 'ack');

      expect(reply).toMatchObject({
        frameType: FrameType.ACK_RES,
        event: 'div',
        correlationId: 'd1',
        error: { code: 'HANDLER_ERROR', message: expect.any(String) },
      });
      expect(reply.data).toBeUndefined();
    });

    it('names the request after the ack handler when the ACK_REQ has no event', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      stelar.onAck('whoami', (ctx) => ctx.event);
      const client = await tcpClient(endpoints);

      const body = JSON.stringify({ _correlationId: 'w1' });
      client.sendFrame(FrameType.ACK_REQ, 'whoami', body);
      const reply = await client.next((m) => m.kind === 'ack');

      expect(reply.data).toBe('whoami');
    });

    it('refuses an ACK_REQ whose payload is not a JSON object with INVALID_MESSAGE', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      serveStatus(stelar);
      const client = await tcpClient(endpoints);

      client.sendFrame(FrameType.ACK_REQ, 'status', '[1,2]');
      await client.next(refusal('INVALID_MESSAGE'));

      await expectStillServed(client);
    });

    it('answers JOIN and LEAVE frames with joined-room and left-room JSON frames', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const client = await tcpClient(endpoints);

      client.sendFrame(FrameType.JOIN, 'join-room', 'lobby');
      const joined = await client.next(byEvent('joined-room'));
      const members = stelar.getRoomMembers('lobby');
      client.sendFrame(FrameType.LEAVE, 'leave-room', 'lobby');
      const left = await client.next(byEvent('left-room'));

      expect(joined).toMatchObject({
        frameType: FrameType.JSON,
        data: 'lobby',
      });
      expect(members).toEqual([client.id]);
      expect(left).toMatchObject({ frameType: FrameType.JSON, data: 'lobby' });
      expect(stelar.getRooms()).toEqual([]);
    });

    it('refuses a JOIN with an empty room name with INVALID_MESSAGE', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const client = await tcpClient(endpoints);

      client.sendFrame(FrameType.JOIN, 'join-room', '');
      await client.next(refusal('INVALID_MESSAGE'));

      expect(stelar.getRooms()).toEqual([]);
      expect(client.isOpen()).toBe(true);
    });

    it('sends an empty DISCONNECT frame when the server stops, then ends', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const client = await tcpClient(endpoints);

      await stelar.stop();
      const closed = await client.waitClosed();

      expect(client.received.at(-1)).toMatchObject({
        frameType: FrameType.DISCONNECT,
        event: '',
        data: undefined,
      });
      expect(closed.lastFrame).toBe('disconnect');
      expect(client.ended).toBe(true);
    });

    it.each([
      ['CONNECT', FrameType.CONNECT, 'connect'],
      ['ACK_RES', FrameType.ACK_RES, 'add'],
      ['DISCONNECT', FrameType.DISCONNECT, ''],
      ['ERROR', FrameType.ERROR, 'error'],
      ['an unknown type', 0x7f, 'x'],
    ])(
      'refuses %s from a client with INVALID_MESSAGE and keeps it',
      async (_name, type, event) => {
        const invalid: unknown[] = [];
        const { stelar, endpoints } = await startWithTcp(harness, {
          hooks: { onInvalidMessage: (p) => void invalid.push(p) },
        });
        serveStatus(stelar);
        const client = await tcpClient(endpoints);

        client.sendFrame(type, event, 'payload');
        await client.next(refusal('INVALID_MESSAGE'));

        await expectStillServed(client);
        expect(invalid).toMatchObject([
          { clientId: client.id, protocol: 'tcp' },
        ]);
      },
    );
  });

  describe('refusals', () => {
    it('closes a refused client that keeps its own side open', async () => {
      const { endpoints } = await startWithTcp(harness, {
        maxConnections: 1,
        connectTimeout: 200,
      });
      await tcpClient(endpoints);
      const refused = raw.tcp(endpoints, { allowHalfOpen: true });
      await refused.next((m) => m.kind === 'error');

      // Only a write tells a half-open client that the server let go: once
      // the server's socket is gone, the write is answered with a reset.
      const deadline = Date.now() + WAIT_MS;
      while (refused.isOpen() && Date.now() < deadline) {
        refused.sendRaw(Uint8Array.of(0));
        await Promise.race([refused.closed, delay(20)]);
      }

      expect(refused.isOpen()).toBe(false);
      expect(refused.transcript()).toEqual(['error']);
      expect(refused.ended).toBe(true);
    });
  });

  describe('framing', () => {
    it('reads frames cut at every byte and several frames in one write', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const seen: unknown[] = [];
      stelar.on('n', (ctx) => void seen.push(ctx.data));
      const client = await tcpClient(endpoints);

      const frame = encodeFrame(FrameType.JSON, 'n', '"é1"');
      for (const byte of frame) {
        client.sendRaw(Uint8Array.of(byte));
        await new Promise((resolve) => setImmediate(resolve));
      }
      client.sendRaw(
        Buffer.concat([
          encodeFrame(FrameType.JSON, 'n', '2'),
          encodeFrame(FrameType.JSON, 'n', '3'),
          encodeFrame(FrameType.JSON, 'n', '4'),
        ]),
      );
      await client.roundTrip();

      expect(seen).toEqual(['é1', 2, 3, 4]);
    });

    it('accepts a frame of exactly maxFrameSize bytes', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        maxFrameSize: 64,
      });
      const seen: unknown[] = [];
      stelar.on('fit', (ctx) => void seen.push(ctx.data));
      const client = await tcpClient(endpoints);

      // 7 header bytes + 3 event bytes + 54 payload bytes = 64.
      const text = `"${'x'.repeat(52)}"`;
      const frame = encodeFrame(FrameType.JSON, 'fit', text);
      client.sendRaw(frame);
      await client.roundTrip();

      expect(frame.byteLength).toBe(64);
      expect(seen).toEqual(['x'.repeat(52)]);
    });

    it('refuses a declared length over maxFrameSize before any of its body is sent', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        maxFrameSize: 1024,
      });
      serveStatus(stelar);
      const bystander = await tcpClient(endpoints);
      const client = await tcpClient(endpoints);

      client.sendRaw(header(1_000_000, FrameType.JSON, 4));
      const closed = await client.waitClosed();

      expect(client.transcript()).toEqual(['accept', 'error']);
      expect(client.received.at(-1)).toMatchObject({
        frameType: FrameType.ERROR,
        event: 'error',
      });
      expect(closed.reason).not.toBe('');
      expect(client.ended).toBe(true);
      await expectStillServed(bystander);
      await expect.poll(() => stelar.getStats().tcpConnections).toBe(1);
    });

    it('ends a client that sends a frame shorter than 7 bytes', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      serveStatus(stelar);
      const bystander = await raw.accepted('ws', endpoints);
      const client = await tcpClient(endpoints);

      client.sendRaw(Buffer.from([0, 0, 0, 5, FrameType.JSON]));
      const closed = await client.waitClosed();

      expect(client.transcript()).toEqual(['accept', 'error']);
      expect(closed.lastFrame).toBe('error');
      expect(client.ended).toBe(true);
      await expectStillServed(bystander);
    });

    it('ends a client whose event length overruns its frame', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      serveStatus(stelar);
      const bystander = await tcpClient(endpoints);
      const client = await tcpClient(endpoints);

      client.sendRaw(
        Buffer.concat([header(10, FrameType.JSON, 100), Buffer.from('abc')]),
      );
      const closed = await client.waitClosed();

      expect(client.transcript()).toEqual(['accept', 'error']);
      expect(closed.lastFrame).toBe('error');
      expect(client.ended).toBe(true);
      await expectStillServed(bystander);
      await expect.poll(() => stelar.getStats().tcpConnections).toBe(1);
    });

    it('handles the frames before a fatal one in the same write, and none after', async () => {
      const { stelar, endpoints } = await startWithTcp(harness);
      const seen: unknown[] = [];
      stelar.on('n', (ctx) => void seen.push(ctx.data));
      const client = await tcpClient(endpoints);

      client.sendRaw(
        Buffer.concat([
          encodeFrame(FrameType.JSON, 'n', '1'),
          header(10, FrameType.JSON, 100),
          Buffer.from('abc'),
          encodeFrame(FrameType.JSON, 'n', '2'),
        ]),
      );
      await client.waitClosed();

      expect(client.transcript()).toEqual(['accept', 'error']);
      expect(seen).toEqual([1]);
    });
  });

  describe('tls', () => {
    let key = '';
    let cert = '';

    beforeAll(() => {
      ({ key, cert } = createSelfSignedCertificate());
    });

    it('accepts a TLS client with CONNECT and answers its request', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        tls: { key, cert },
      });
      serveStatus(stelar);

      const client = await tcpClient(endpoints);

      expect(stelar.getClients()).toMatchObject([
        { id: client.id, protocol: 'tcp' },
      ]);
      await expectStillServed(client);
    });

    it('closes a plain TCP client that never completes the TLS handshake', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        tls: { key, cert },
        connectTimeout: 300,
      });
      const plain = raw.connectTo('tcp', { ...endpoints, tls: false });
      await plain.opened();

      await plain.waitClosed();

      expect(plain.transcript()).toEqual([]);
      expect(stelar.getStats().totalConnections).toBe(0);
    });

    it('closes a plain TCP client that sends frames to the TLS listener', async () => {
      const { stelar, endpoints } = await startWithTcp(harness, {
        tls: { key, cert },
      });
      const plain = raw.connectTo('tcp', { ...endpoints, tls: false });
      await plain.opened();

      plain.emit('hello', 1);
      await plain.waitClosed();

      expect(plain.transcript()).toEqual([]);
      expect(stelar.getStats().totalConnections).toBe(0);
    });
  });
});
