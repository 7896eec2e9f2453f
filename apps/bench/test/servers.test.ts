// Each server under test, started as the benchmark starts it, answers its
// adapter: accept, join, fan-out, request/ack and the control channel. No
// figure is asserted: timings belong to the benchmark, not to tests.
import { afterEach, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../src/adapters.mjs';
import { BenchClient } from '../src/bench-client.mjs';
import { ServerProcess } from '../src/server-process.mjs';

const NAMES = ['stelar', 'ws', 'socketio'] as const;

let server: ServerProcess | null = null;
const clients: BenchClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await server?.stop();
  server = null;
});

async function connect(name: (typeof NAMES)[number], address: string) {
  const client = new BenchClient(ADAPTERS[name], server!.port, address);
  clients.push(client);
  await client.open();
  return client;
}

describe.each(NAMES)('the %s server under test', (name) => {
  it('delivers a published message to every member of the room', async () => {
    server = await ServerProcess.start(name, null);
    const members = [
      await connect(name, '127.0.0.2'),
      await connect(name, '127.0.0.3'),
    ];
    for (const member of members) await member.join('bench');
    const publisher = await connect(name, '127.0.0.1');

    const delivered = members.map(
      (member) =>
        new Promise((resolve) => {
          member.onEvent = (_client, event, data) => resolve({ event, data });
        }),
    );
    publisher.emit('pub', { s: 0, p: 'x' });

    for (const delivery of await Promise.all(delivered)) {
      expect(delivery).toEqual({ event: 'msg', data: { s: 0, p: 'x' } });
    }
  });

  it('answers a request with its own data', async () => {
    server = await ServerProcess.start(name, null);
    const client = await connect(name, '127.0.0.2');

    expect(await client.request('echo', { p: 'hello' })).toEqual({
      p: 'hello',
    });
    expect(await client.request('echo', 2)).toBe(2);
  });

  it('reports CPU time and memory after a forced GC', async () => {
    server = await ServerProcess.start(name, null);

    expect(await server.cpuMicros()).toBeGreaterThan(0);
    const memory = await server.memory();
    expect(memory.gcForced).toBe(true);
    expect(memory.rss).toBeGreaterThan(memory.heapUsed);
  });

  it('closes a connection with a close handshake', async () => {
    server = await ServerProcess.start(name, null);
    const client = await connect(name, '127.0.0.2');

    await client.close();
    expect(client.socket?.readyState).toBe(3);
  });
});
