import { afterEach, describe, expect, it } from 'vitest';
import {
  MODES,
  cleanup,
  createClient,
  nextEvent,
  transport,
  waitUntil,
} from './helpers.js';

afterEach(cleanup);

describe.each(MODES)('StelarClient offline queue over %s', (mode) => {
  const t = transport(mode);

  it('sends what was emitted before connect() in order, then fires the hook', async () => {
    const received: unknown[] = [];
    const server = await t.start({}, (s) =>
      s.on('n', (ctx) => {
        received.push(ctx.data);
      }),
    );
    const drained: number[] = [];
    const client = t.client(server, {
      hooks: { onQueueDrained: ({ count }) => drained.push(count) },
    });
    for (let n = 1; n <= 5; n++) expect(client.emit('n', n)).toBe(true);
    expect(client.getQueueSize()).toBe(5);

    const connected = nextEvent(client, 'connect');
    client.connect();
    await connected;
    expect(drained).toEqual([5]);
    expect(client.getQueueSize()).toBe(0);
    await waitUntil(() => received.length === 5, 'the queued events');
    expect(received).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops the oldest message when full, and a dropped request rejects', async () => {
    const received: unknown[] = [];
    const server = await t.start({}, (s) =>
      s.on('n', (ctx) => {
        received.push(ctx.data);
      }),
    );
    const queued: { event: string; queueSize: number }[] = [];
    const client = t.client(server, {
      messageQueueSize: 2,
      hooks: { onMessageQueued: (message) => queued.push(message) },
    });
    const dropped = client.request('first', 0);
    client.emit('n', 1);
    client.emit('n', 2);
    await expect(dropped).rejects.toMatchObject({
      code: 'ERR_CLIENT_QUEUE_FULL',
    });
    expect(client.getQueueSize()).toBe(2);
    expect(queued).toEqual([
      { event: 'first', queueSize: 1 },
      { event: 'n', queueSize: 2 },
      { event: 'n', queueSize: 2 },
    ]);

    client.connect();
    await waitUntil(() => received.length === 2, 'the kept events');
    expect(received).toEqual([1, 2]);
  });

  it('keeps the bytes of a queued binary emit as they were at the call', async () => {
    const received: number[][] = [];
    const server = await t.start({}, (s) =>
      s.on('bin', (ctx) => {
        received.push([...(ctx.data as Uint8Array)]);
      }),
    );
    const client = t.client(server);
    const bytes = new Uint8Array([1, 2, 3]);
    client.emitBinary('bin', bytes);
    bytes.fill(9);
    client.connect();
    await waitUntil(() => received.length === 1, 'the binary event');
    expect(received).toEqual([[1, 2, 3]]);
  });

  it('rejects queued requests with DISCONNECTED on disconnect() and keeps emits', async () => {
    const received: unknown[] = [];
    const server = await t.start({}, (s) =>
      s.on('n', (ctx) => {
        received.push(ctx.data);
      }),
    );
    const client = t.client(server, { ackTimeout: 60000 });
    const request = client.request('r');
    const join = client.joinRoom('a');
    client.emit('n', 1);
    client.disconnect();
    await expect(request).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await expect(join).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(client.getQueueSize()).toBe(1);

    client.connect();
    await waitUntil(() => received.length === 1, 'the kept emit');
  });
});

// Nothing here opens a connection: the queue is the same whatever the mode.
describe('StelarClient offline queue', () => {
  it('queues nothing with messageQueueSize 0', async () => {
    const client = createClient(1, { messageQueueSize: 0 });
    expect(client.emit('n', 1)).toBe(false);
    await expect(client.request('r')).rejects.toMatchObject({
      code: 'ERR_CLIENT_QUEUE_FULL',
    });
    expect(client.getQueueSize()).toBe(0);
  });

  it('drops an emit with { queue: false } instead of queueing it', () => {
    const client = createClient(1);
    expect(client.emit('typing', true, { queue: false })).toBe(false);
    expect(client.getQueueSize()).toBe(0);
  });

  it('trims the queue when updateOptions lowers messageQueueSize', () => {
    const client = createClient(1);
    for (let n = 0; n < 5; n++) client.emit('n', n);
    client.updateOptions({ messageQueueSize: 2 });
    expect(client.getQueueSize()).toBe(2);
  });
});
