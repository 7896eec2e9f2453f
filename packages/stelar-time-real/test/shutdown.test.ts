import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HANDSHAKE_KEY,
  Harness,
  tryUpgrade,
  waitUntil,
  within,
} from './harness.js';

const harness = new Harness();

afterEach(() => harness.close());

const CHILD = fileURLToPath(
  new URL('./fixtures/shutdown-child.mjs', import.meta.url),
);
const TWO_SERVERS_CHILD = fileURLToPath(
  new URL('./fixtures/two-servers-child.mjs', import.meta.url),
);

/** Upper bound for a child process to start, stop and exit. */
const CHILD_MS = 15_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child running test/fixtures/shutdown-child.mjs, its stdout kept by line. */
class Child {
  readonly process: ChildProcess;
  readonly lines: string[] = [];
  readonly exited: Promise<Exit>;
  #stderr = '';

  constructor(mode: string, script = CHILD) {
    this.process = spawn(process.execPath, [script, mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    this.process.stdout!.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop()!;
      this.lines.push(...parts);
    });
    this.process.stderr!.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => {
      this.process.on('close', (code, signal) => resolve({ code, signal }));
    });
    harness.defer(() => {
      if (this.process.exitCode === null && this.process.signalCode === null) {
        this.process.kill('SIGKILL');
      }
    });
  }

  /** Waits for the child to exit by itself, and says why when it does not. */
  async exit(): Promise<Exit> {
    try {
      return await within(this.exited, 'the child to exit', CHILD_MS);
    } catch (error) {
      throw new Error(
        `${(error as Error).message}; stdout: ${this.lines.join(' | ')}; stderr: ${this.#stderr}`,
      );
    }
  }

  async line(text: string): Promise<void> {
    await waitUntil(
      () => this.lines.includes(text),
      `the child to print "${text}" (stderr: ${this.#stderr})`,
      CHILD_MS,
    );
  }

  /** Waits for the `ready <port>` line; returns the port. */
  async ready(): Promise<number> {
    await waitUntil(
      () => this.lines.some((l) => l.startsWith('ready ')),
      `the child to be ready (stderr: ${this.#stderr})`,
      CHILD_MS,
    );
    const line = this.lines.find((l) => l.startsWith('ready '))!;
    return Number(line.slice('ready '.length));
  }
}

/**
 * A client that performs the WebSocket handshake by hand, then neither reads
 * nor answers anything: the peer a shutdown must not wait for forever.
 */
async function silentClient(
  port: number,
): Promise<{ socket: Socket; early: Buffer }> {
  const socket = connect(port, '127.0.0.1');
  harness.defer(() => socket.destroy());
  const head = new Promise<Buffer>((resolve, reject) => {
    let bytes = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      bytes = Buffer.concat([bytes, chunk]);
      const end = bytes.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      socket.pause();
      const status = bytes.subarray(0, bytes.indexOf('\r\n')).toString();
      if (status.startsWith('HTTP/1.1 101')) resolve(bytes.subarray(end + 4));
      else reject(new Error(`handshake refused: ${status}`));
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
  socket.write(
    [
      'GET / HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${HANDSHAKE_KEY}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  const early = await within(head, 'the 101 for the silent client');
  return { socket, early };
}

/** Reads the rest of a paused socket until the peer has closed it. */
function drain(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const ended = new Promise<Buffer>((resolve) => {
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
  socket.resume();
  return within(ended, 'the server to end the silent socket');
}

/** The opcodes and close codes of the unmasked frames a server sent. */
function frames(bytes: Buffer): { opcode: number; closeCode?: number }[] {
  const result: { opcode: number; closeCode?: number }[] = [];
  let offset = 0;
  while (offset + 2 <= bytes.length) {
    const opcode = bytes[offset]! & 0x0f;
    let length = bytes[offset + 1]! & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    result.push(
      opcode === 0x8 && length >= 2
        ? { opcode, closeCode: bytes.readUInt16BE(start) }
        : { opcode },
    );
    offset = start + length;
  }
  return result;
}

async function isPortFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

describe('StelarServer shutdown', () => {
  describe('stop()', () => {
    it('closes every client with 1001', async () => {
      const stelar = await harness.server();
      const port = stelar.getPort()!;
      const clients = await Promise.all([
        harness.connect(port),
        harness.connect(port),
        harness.connect(port),
      ]);

      await stelar.stop();
      const closes = await Promise.all(clients.map((c) => c.closed));

      expect(closes.map((c) => c.code)).toEqual([1001, 1001, 1001]);
      expect(stelar.getStats().activeConnections).toBe(0);
    });

    it('closes a client still in admission with 1001', async () => {
      const stelar = await harness.server();
      let reached = false;
      stelar.use(() => {
        reached = true;
      });
      const pending = harness.open(`ws://127.0.0.1:${stelar.getPort()}`);
      await waitUntil(() => reached, 'the middleware to run');

      await stelar.stop();
      const close = await pending.closed;

      expect(close.code).toBe(1001);
      expect(pending.messages).toEqual([]);
    });

    it('resolves and destroys a socket that never answers the close', async () => {
      const stelar = await harness.server({ shutdownTimeout: 300 });
      const gone: string[] = [];
      stelar.onDisconnect((client) => void gone.push(client.id));
      const port = stelar.getPort()!;
      const { socket, early } = await silentClient(port);
      await waitUntil(
        () => stelar.getStats().activeConnections === 1,
        'the silent client to be accepted',
      );
      const [id] = stelar.getClients().map((c) => c.id);

      // Bounded by the test timeout alone: ws would wait 30 s for the
      // closing handshake, shutdownTimeout makes it 300 ms.
      await stelar.stop();
      const afterStop = {
        active: stelar.getStats().activeConnections,
        gone: [...gone],
      };
      const sent = frames(Buffer.concat([early, await drain(socket)]));

      expect(afterStop).toEqual({ active: 0, gone: [id] });
      expect(socket.destroyed).toBe(true);
      expect(sent.map((f) => f.opcode)).toEqual([0x1, 0x8]);
      expect(sent[1]!.closeCode).toBe(1001);
    });

    it('waits for the stop in progress when called again', async () => {
      const stelar = await harness.server();
      const client = await harness.connect(stelar.getPort()!);

      const first = stelar.stop();
      await stelar.stop();

      expect(stelar.getStats().activeConnections).toBe(0);
      expect(stelar.getPort()).toBeUndefined();
      expect((await client.closed).code).toBe(1001);
      await first;
    });

    it('refuses new upgrades once it has begun', async () => {
      const stelar = await harness.server();
      const port = stelar.getPort()!;
      const client = await harness.connect(port);
      let answer: Promise<{ status: number }> | undefined;
      stelar.onDisconnect(() => {
        answer ??= tryUpgrade(port).catch(() => ({ status: 0 }));
      });

      await stelar.stop();
      await client.closed;

      // A refusal status, or a connection the closed listener no longer takes.
      expect([0, 503]).toContain((await answer!).status);
      expect(stelar.getStats().totalConnections).toBe(1);
    });

    it('frees its port', async () => {
      const stelar = await harness.server();
      const port = stelar.getPort()!;
      await harness.connect(port);

      await stelar.stop();

      expect(await isPortFree(port)).toBe(true);
    });

    it('can start again after a stop', async () => {
      const stelar = await harness.server();
      await stelar.stop();

      const port = await stelar.start();
      const client = await harness.connect(port);

      expect(stelar.getClients().map((c) => c.id)).toEqual([client.id]);
    });
  });

  describe('signal handlers', () => {
    it('adds SIGINT and SIGTERM listeners with gracefulShutdown and removes them on stop', async () => {
      const sigint = process.listenerCount('SIGINT');
      const sigterm = process.listenerCount('SIGTERM');

      const stelar = await harness.server({ gracefulShutdown: true });
      const during = [
        process.listenerCount('SIGINT'),
        process.listenerCount('SIGTERM'),
      ];
      await stelar.stop();

      expect(during).toEqual([sigint + 1, sigterm + 1]);
      expect(process.listenerCount('SIGINT')).toBe(sigint);
      expect(process.listenerCount('SIGTERM')).toBe(sigterm);
    });

    it('adds no signal listener with gracefulShutdown false', async () => {
      const sigint = process.listenerCount('SIGINT');

      await harness.server({ gracefulShutdown: false });

      expect(process.listenerCount('SIGINT')).toBe(sigint);
    });
  });

  describe('in a child process', () => {
    it(
      'lets the process exit by itself after stop()',
      async () => {
        const child = new Child('stop');

        const exit = await child.exit();

        expect(exit).toEqual({ code: 0, signal: null });
        expect(child.lines).toContain('close 1001');
        expect(child.lines).toContain('pending close 1001');
        expect(child.lines).toContain('stopped listeners=0');
      },
      CHILD_MS + 5000,
    );

    it(
      'stops on SIGTERM, closes clients with 1001, then dies of the signal',
      async () => {
        const child = new Child('signal');
        const client = await harness.connect(await child.ready());

        child.process.kill('SIGTERM');
        const exit = await child.exit();

        expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
        expect((await client.closed).code).toBe(1001);
      },
      CHILD_MS + 5000,
    );

    it(
      'leaves the exit to a SIGTERM listener of the user',
      async () => {
        const child = new Child('user-signal');
        const client = await harness.connect(await child.ready());

        child.process.kill('SIGTERM');
        const exit = await child.exit();

        expect(exit).toEqual({ code: 7, signal: null });
        expect((await client.closed).code).toBe(1001);
        expect(child.lines.filter((l) => l === 'user listener')).toHaveLength(
          1,
        );
        expect(child.lines).toContain('user stopped active=0 port=undefined');
      },
      CHILD_MS + 5000,
    );

    it(
      'raises the signal again only once every server has stopped',
      async () => {
        const child = new Child('', TWO_SERVERS_CHILD);
        await silentClient(await child.ready());
        await child.line('slow connect');

        child.process.kill('SIGTERM');
        const exit = await child.exit();

        expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
        expect(child.lines).toContain('slow disconnect');
      },
      CHILD_MS + 5000,
    );
  });
});
