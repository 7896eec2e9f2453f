import { createServer, type Server, type Socket } from 'node:net';
import {
  FrameDecoder,
  FrameType,
  encodeFrame,
  type Frame,
} from '@stelar/protocol';
import { createSelfSignedCertificate } from '@stelar/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  createClient,
  nextEvent,
  recordEvents,
  sleep,
  startTcpServer,
  tcpPortOf,
  waitUntil,
  within,
} from './helpers.js';

const textDecoder = new TextDecoder();

/**
 * A TCP server that speaks the frames by hand, for what the real server
 * never does (a bad frame) and for checking the bytes the client writes.
 */
class FakeServer {
  port = 0;
  /** Every frame received, in order, on any connection. */
  readonly frames: Frame[] = [];
  readonly sockets: Socket[] = [];
  private readonly server: Server;

  constructor(onSocket: (socket: Socket) => void) {
    this.server = createServer({ allowHalfOpen: true }, (socket) => {
      this.sockets.push(socket);
      const decoder = new FrameDecoder(1024 * 1024);
      socket.on('data', (chunk) => this.frames.push(...decoder.push(chunk)));
      socket.on('error', () => {});
      onSocket(socket);
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server.listen(0, '127.0.0.1', resolve),
    );
    this.port = (this.server.address() as { port: number }).port;
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
  }
}

const fakes = new Set<FakeServer>();

async function startFake(
  onSocket: (socket: Socket) => void,
): Promise<FakeServer> {
  const fake = new FakeServer(onSocket);
  await fake.listen();
  fakes.add(fake);
  return fake;
}

/** Accepts every socket at once with CONNECT, as the real server does. */
function accept(id: string): (socket: Socket) => void {
  return (socket) => {
    socket.write(encodeFrame(FrameType.CONNECT, 'connect', id));
  };
}

function payloadText(frame: Frame): string {
  return textDecoder.decode(frame.payload);
}

afterEach(async () => {
  await cleanup();
  for (const fake of fakes) fake.close();
  fakes.clear();
});

describe('StelarClient over TCP', () => {
  describe('the URL', () => {
    it.each([
      ['a host:port URL', (port: number) => `127.0.0.1:${port}`],
      ['a port number', (port: number) => port],
      [
        'a ws:// URL, for its host and port',
        (port: number) => `ws://127.0.0.1:${port}/x`,
      ],
    ])('connects with %s', async (_form, urlFor) => {
      const server = await startTcpServer();
      const client = createClient(urlFor(tcpPortOf(server)), { mode: 'tcp' });
      const connected = nextEvent(client, 'connect');
      client.connect();
      await connected;
      expect(client.getUrl()).toMatch(/^tcp:\/\/.+:\d+$/);
      expect(server.getClients()).toMatchObject([
        { id: client.getId(), protocol: 'tcp' },
      ]);
    });
  });

  describe('tls', () => {
    let key = '';
    let cert = '';

    beforeAll(() => {
      ({ key, cert } = createSelfSignedCertificate());
    });

    it('speaks every kind of message over TLS', async () => {
      const heard: unknown[] = [];
      const server = await startTcpServer({ tls: { key, cert } }, (s) => {
        s.on('note', (ctx) => {
          heard.push(ctx.data);
          ctx.emitBinary('bytes', new Uint8Array([4, 5]));
        });
        s.onAck('sum', (ctx) => (ctx.data as number[]).reduce((a, b) => a + b));
      });
      const client = createClient(`localhost:${tcpPortOf(server)}`, {
        mode: 'tcp',
        tls: true,
        rejectUnauthorized: false,
      });
      expect(client.getUrl()).toBe(`tls://localhost:${tcpPortOf(server)}`);
      const connected = nextEvent(client, 'connect');
      client.connect();
      await connected;

      await expect(client.request('sum', [1, 2, 3])).resolves.toBe(6);
      await client.joinRoom('secure');
      const bytes = new Promise<Buffer>((resolve) =>
        client.on('bytes', resolve),
      );
      client.emit('note', 'over tls');
      expect([...(await within(bytes, 'the binary reply'))]).toEqual([4, 5]);
      expect(heard).toEqual(['over tls']);
      expect(server.getRoomMembers('secure')).toEqual([client.getId()]);
    });

    it('refuses a self-signed certificate with rejectUnauthorized, as an error', async () => {
      const server = await startTcpServer({ tls: { key, cert } });
      const client = createClient(`127.0.0.1:${tcpPortOf(server)}`, {
        mode: 'tcp',
        tls: true,
        reconnectionAttempts: 1,
      });
      const log = recordEvents(client);
      const failed = nextEvent(client, 'reconnect_failed');
      client.connect();
      await failed;

      expect(log.map(([name]) => name)).toEqual([
        'error',
        'reconnecting',
        'error',
        'reconnect_failed',
      ]);
      expect(log[0]![1]).toMatchObject({
        code: 'ERR_CLIENT_CONNECTION_FAILED',
        cause: expect.objectContaining({
          code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        }),
      });
      expect(server.getStats().totalConnections).toBe(0);
    });
  });

  describe('the frames', () => {
    it('writes the frames of PROTOCOL.md for each message', async () => {
      const fake = await startFake(accept('c1'));
      const client = createClient(fake.port, { mode: 'tcp' });
      const connected = nextEvent(client, 'connect');
      client.connect();
      await connected;
      expect(client.getId()).toBe('c1');

      client.emit('chat', { text: 'hi' });
      client.emit('tick');
      void client.request('user.get', 42, 'lookup').catch(() => {});
      void client.joinRoom('lobby').catch(() => {});
      void client.leaveRoom('lobby').catch(() => {});
      client.emitBinary('blob', new Uint8Array([1, 2]));
      await waitUntil(() => fake.frames.length === 6, 'six frames');

      const [chat, tick, request, join, leave, blob] = fake.frames;
      expect([chat!.type, chat!.event, payloadText(chat!)]).toEqual([
        FrameType.JSON,
        'chat',
        '{"text":"hi"}',
      ]);
      expect([tick!.type, tick!.payload.byteLength]).toEqual([
        FrameType.JSON,
        0,
      ]);
      expect([request!.type, request!.event]).toEqual([
        FrameType.ACK_REQ,
        'lookup',
      ]);
      expect(JSON.parse(payloadText(request!))).toEqual({
        event: 'user.get',
        data: 42,
        _correlationId: expect.any(String),
      });
      expect([join!.type, join!.event, payloadText(join!)]).toEqual([
        FrameType.JOIN,
        'join-room',
        'lobby',
      ]);
      expect([leave!.type, payloadText(leave!)]).toEqual([
        FrameType.LEAVE,
        'lobby',
      ]);
      expect([blob!.type, blob!.event, [...blob!.payload]]).toEqual([
        FrameType.BINARY,
        'blob',
        [1, 2],
      ]);
    });

    it('answers a PING with a PONG at once', async () => {
      const fake = await startFake((socket) => {
        accept('c1')(socket);
        socket.write(encodeFrame(FrameType.PING, ''));
      });
      const client = createClient(fake.port, {
        mode: 'tcp',
        heartbeatInterval: 60000,
      });
      client.connect();
      await waitUntil(() => fake.frames.length > 0, 'the answer');
      expect(fake.frames.map((f) => f.type)).toEqual([FrameType.PONG]);
    });

    it('probes an idle link with PING and takes the PONG as life', async () => {
      const fake = await startFake((socket) => {
        accept('c1')(socket);
        const decoder = new FrameDecoder(1024);
        socket.on('data', (chunk) => {
          for (const frame of decoder.push(chunk)) {
            if (frame.type === FrameType.PING) {
              socket.write(encodeFrame(FrameType.PONG, ''));
            }
          }
        });
      });
      const client = createClient(fake.port, {
        mode: 'tcp',
        heartbeatInterval: 30,
      });
      const dropped: unknown[] = [];
      client.on('disconnect', (info) => dropped.push(info));
      const connected = nextEvent(client, 'connect');
      client.connect();
      await connected;
      await waitUntil(
        () => fake.frames.filter((f) => f.type === FrameType.PING).length >= 3,
        'three probes',
      );
      expect(dropped).toEqual([]);
      expect(client.isConnected()).toBe(true);
    });

    it('reports a frame type a server never sends, and keeps the link', async () => {
      const fake = await startFake((socket) => {
        accept('c1')(socket);
        socket.write(encodeFrame(FrameType.JOIN, 'join-room', 'x'));
      });
      const client = createClient(fake.port, { mode: 'tcp' });
      const failed = nextEvent(client, 'error');
      client.connect();
      const [error] = await failed;
      expect(error).toMatchObject({ code: 'ERR_CLIENT_MESSAGE_INVALID' });
      expect(client.isConnected()).toBe(true);
    });

    it('drops the link on bytes that are no frame (1002) and reconnects', async () => {
      let connections = 0;
      const fake = await startFake((socket) => {
        connections++;
        accept(`c${connections}`)(socket);
        if (connections === 1) socket.write(new Uint8Array([0, 0, 0, 3]));
      });
      const client = createClient(fake.port, { mode: 'tcp' });
      const log = recordEvents(client);
      const dropped = nextEvent(client, 'disconnect');
      client.connect();
      const [info] = await dropped;
      expect(info).toEqual({
        code: 1002,
        reason: 'frame length 3 is below 7',
      });
      await waitUntil(() => client.getId() === 'c2', 'the reconnection');
      expect(log[1]).toEqual([
        'error',
        expect.objectContaining({
          code: 'ERR_CLIENT_CONNECTION_FAILED',
          cause: expect.objectContaining({ code: 'ERR_TCP_FRAME_TOO_SHORT' }),
        }),
      ]);
    });

    it('ends its side of the stream on disconnect()', async () => {
      const ended: boolean[] = [];
      const fake = await startFake((socket) => {
        accept('c1')(socket);
        socket.on('end', () => ended.push(true));
      });
      const client = createClient(fake.port, { mode: 'tcp' });
      const connected = nextEvent(client, 'connect');
      client.connect();
      await connected;
      client.disconnect();
      await waitUntil(() => ended.length === 1, 'the end of the stream');
      expect(client.getState()).toBe('disconnected');
    });
  });

  describe('the ERROR frame', () => {
    it('reports an admission refusal and backs off, before CONNECT', async () => {
      let connections = 0;
      const fake = await startFake((socket) => {
        connections++;
        if (connections === 1) {
          socket.end(
            encodeFrame(FrameType.ERROR, 'error', 'server full, retry later'),
          );
        } else {
          accept('c2')(socket);
        }
      });
      const delays: number[] = [];
      const client = createClient(fake.port, {
        mode: 'tcp',
        hooks: {
          onReconnectDelay: ({ defaultDelay }) =>
            void delays.push(defaultDelay),
        },
      });
      const log = recordEvents(client);
      const connected = nextEvent(client, 'connect');
      client.connect();
      await connected;
      expect(log[0]).toEqual([
        'error',
        expect.objectContaining({
          code: 'ERR_CLIENT_HANDSHAKE_REFUSED',
          message:
            'the server refused the connection: server full, retry later',
          details: {
            status: 503,
            retryAfterMs: null,
            reason: 'server full, retry later',
          },
        }),
      ]);
      expect(delays).toHaveLength(1);
    });

    it('becomes the reason of the close that follows it', async () => {
      let connections = 0;
      const fake = await startFake((socket) => {
        connections++;
        accept(`c${connections}`)(socket);
        if (connections === 1) {
          socket.end(encodeFrame(FrameType.ERROR, 'error', 'slow consumer'));
        }
      });
      const client = createClient(fake.port, { mode: 'tcp' });
      const dropped = nextEvent(client, 'disconnect');
      client.connect();
      expect((await dropped)[0]).toEqual({
        code: 1013,
        reason: 'slow consumer',
      });
      await waitUntil(() => client.getId() === 'c2', 'the reconnection');
    });

    it('queues what is emitted once the server announced the end', async () => {
      let connections = 0;
      let first: Socket | null = null;
      const fake = await startFake((socket) => {
        connections++;
        accept(`c${connections}`)(socket);
        if (connections === 1) {
          first = socket;
          // DISCONNECT without the end yet: the stream is closing.
          socket.write(encodeFrame(FrameType.DISCONNECT, ''));
        }
      });
      const client = createClient(fake.port, { mode: 'tcp' });
      client.connect();
      await waitUntil(() => first !== null, 'the first connection');
      await waitUntil(() => client.isConnected(), 'the first CONNECT');
      // Nothing tells the program that DISCONNECT has arrived but the time
      // it takes on a loopback socket.
      await sleep(50);
      expect(client.emit('late', 1)).toBe(true);
      expect(client.getQueueSize()).toBe(1);
      first!.end();
      await waitUntil(() => client.getId() === 'c2', 'the reconnection');
      await waitUntil(
        () => fake.frames.some((f) => f.event === 'late'),
        'the queued emit on the new connection',
      );
    });
  });
});
