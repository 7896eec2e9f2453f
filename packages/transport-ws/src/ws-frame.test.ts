import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { WsFrame } from './ws-frame.js';

interface ReceiverLike {
  on(event: string, listener: (...args: never[]) => void): void;
  write(bytes: Buffer): void;
}

// ws exports its Receiver without declaring it in its types.
const Receiver = (
  ws as unknown as {
    Receiver: new (options: { isServer: boolean }) => ReceiverLike;
  }
).Receiver;

// Parses frames with ws's own Receiver, so the test checks the bytes against
// the same library that the clients use.
function parse(bytes: Buffer): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer, isBinary: boolean) =>
      resolve({ data, isBinary }),
    );
    receiver.on('error', reject);
    receiver.write(bytes);
  });
}

describe('WsFrame', () => {
  it('frames text with ws own Sender into bytes ws reads back', async () => {
    const frame = WsFrame.text('{"event":"chat","data":"héllo"}');
    const parsed = await parse(frame.bytes);
    expect(parsed.isBinary).toBe(false);
    expect(parsed.data.toString('utf8')).toBe(
      '{"event":"chat","data":"héllo"}',
    );
  });

  it('frames binary payloads of every length class', async () => {
    for (const length of [0, 125, 126, 65535, 65536, 200000]) {
      const payload = new Uint8Array(length).map((_, i) => i % 251);
      const parsed = await parse(WsFrame.binary(payload).bytes);
      expect(parsed.isBinary).toBe(true);
      expect(parsed.data.length).toBe(length);
      expect(parsed.data.equals(Buffer.from(payload))).toBe(true);
    }
  });

  it('builds the wire bytes once and shares them', () => {
    const frame = WsFrame.text('x');
    expect(frame.bytes).toBe(frame.bytes);
  });

  it('relies on the ws version it was checked against', async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const manifest = require.resolve('ws/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      version: string;
    };
    expect(version).toBe('8.23.1');
  });
});
