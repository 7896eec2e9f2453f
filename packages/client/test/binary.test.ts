import { afterEach, describe, expect, it } from 'vitest';
import {
  MODES,
  cleanup,
  transport,
  waitUntil,
  type StelarServer,
  type Transport,
} from './helpers.js';

afterEach(cleanup);

async function recordingServer(t: Transport): Promise<{
  server: StelarServer;
  received: { event: string; bytes: number[] }[];
}> {
  const received: { event: string; bytes: number[] }[] = [];
  const server = await t.start({}, (s) =>
    s.onAll((ctx) => {
      received.push({ event: ctx.event, bytes: [...(ctx.data as Uint8Array)] });
    }),
  );
  return { server, received };
}

describe.each(MODES)('StelarClient binary over %s', (mode) => {
  const t = transport(mode);

  describe('emitBinary()', () => {
    it.each([
      ['an ArrayBuffer', () => new Uint8Array([1, 2, 3]).buffer, [1, 2, 3]],
      [
        'a Uint8Array viewing part of its buffer',
        () => new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4),
        [1, 2, 3],
      ],
      [
        'a Uint16Array view',
        () => new Uint16Array(new Uint8Array([0, 0, 7, 8, 0, 0]).buffer, 2, 1),
        [7, 8],
      ],
      [
        'a DataView',
        () => new DataView(new Uint8Array([5, 6, 7]).buffer, 1),
        [6, 7],
      ],
      [
        'a Buffer slice',
        () => Buffer.from([0, 4, 5, 0]).subarray(1, 3),
        [4, 5],
      ],
    ])('sends only the bytes of %s', async (_what, make, expected) => {
      const { server, received } = await recordingServer(t);
      const client = await t.connected(server);
      expect(client.emitBinary('blob', make())).toBe(true);
      await waitUntil(() => received.length === 1, 'the binary event');
      expect(received).toEqual([{ event: 'blob', bytes: expected }]);
    });

    it('throws ERR_CLIENT_DATA_INVALID for what is not bytes', async () => {
      const { server } = await recordingServer(t);
      const client = await t.connected(server);
      expect(() =>
        client.emitBinary('blob', 'text' as unknown as ArrayBuffer),
      ).toThrow(expect.objectContaining({ code: 'ERR_CLIENT_DATA_INVALID' }));
    });
  });

  describe('sendFile() and sendImage()', () => {
    it('send a Blob as "file" and an image as "image" by default', async () => {
      const { server, received } = await recordingServer(t);
      const client = await t.connected(server);
      await client.sendFile(new Blob([new Uint8Array([1, 2])]));
      await client.sendImage(
        new File([new Uint8Array([3])], 'a.png', { type: 'image/png' }),
      );
      await client.sendFile(new Blob(['hi']), 'upload');
      await waitUntil(() => received.length === 3, 'three binary events');
      expect(received).toEqual([
        { event: 'file', bytes: [1, 2] },
        { event: 'image', bytes: [3] },
        { event: 'upload', bytes: [104, 105] },
      ]);
    });

    it('rejects what is not a Blob', async () => {
      const { server } = await recordingServer(t);
      const client = await t.connected(server);
      await expect(
        client.sendFile('x' as unknown as Blob),
      ).rejects.toMatchObject({ code: 'ERR_CLIENT_DATA_INVALID' });
    });
  });

  describe('receiving', () => {
    it('delivers a binary event of 1 MiB whole, however the stream is cut', async () => {
      const server = await t.start({}, (s) =>
        s.on('echo', (ctx) => ctx.emitBinary('echo', ctx.data as Uint8Array)),
      );
      const client = await t.connected(server);
      const big = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
      const echoed = new Promise<Buffer>((resolve) =>
        client.on('echo', resolve),
      );
      client.emitBinary('echo', big);
      const bytes = await echoed;
      expect(Buffer.isBuffer(bytes)).toBe(true);
      expect(bytes.equals(big)).toBe(true);
    });

    it('delivers binary events as a Buffer in Node.js, to on() and onAll()', async () => {
      const server = await t.start();
      const client = await t.connected(server);
      const seen: unknown[] = [];
      const all: [string, unknown][] = [];
      const hooked: boolean[] = [];
      client.updateOptions({
        hooks: { onMessage: ({ isBinary }) => hooked.push(isBinary) },
      });
      client.on('pixels', (bytes) => seen.push(bytes));
      client.onAll((event, data) => all.push([event, data]));
      server.broadcastBinary('pixels', new Uint8Array([1, 2, 3]));
      await waitUntil(() => seen.length === 1, 'the binary broadcast');
      expect(Buffer.isBuffer(seen[0])).toBe(true);
      expect([...(seen[0] as Buffer)]).toEqual([1, 2, 3]);
      expect(all).toEqual([['pixels', seen[0]]]);
      expect(hooked).toEqual([true]);
    });
  });
});
