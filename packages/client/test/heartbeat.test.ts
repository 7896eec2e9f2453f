import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  connectedClient,
  createClient,
  nextEvent,
  sleep,
  startProxy,
  startServer,
} from './helpers.js';

afterEach(cleanup);

describe('StelarClient heartbeat', () => {
  it('closes a link silent for twice heartbeatInterval and reconnects', async () => {
    const server = await startServer();
    const proxy = await startProxy(server.getPort()!);
    const client = createClient(`ws://127.0.0.1:${proxy.port}`, {
      heartbeatInterval: 50,
    });
    const connected = nextEvent(client, 'connect');
    client.connect();
    await connected;
    const firstId = client.getId();

    const dropped = nextEvent(client, 'disconnect');
    const back = nextEvent(client, 'connect');
    proxy.freeze();
    const started = Date.now();
    const [info] = await dropped;
    expect(info).toEqual({ code: 1006, reason: 'heartbeat timeout' });
    expect(Date.now() - started).toBeLessThan(50 * 3 + 150);
    await back;
    expect(client.getId()).not.toBe(firstId);
  });

  it('keeps an idle healthy link, probing it when the server pings rarely', async () => {
    const server = await startServer({ heartbeatInterval: 60000 });
    const client = await connectedClient(server, { heartbeatInterval: 50 });
    const id = client.getId();
    const dropped: unknown[] = [];
    client.on('disconnect', (info) => dropped.push(info));
    await sleep(300);
    expect(dropped).toEqual([]);
    expect(client.getId()).toBe(id);
  });

  it('treats the server pings as life', async () => {
    // A generous heartbeatTimeout: under load, the server must not be the
    // one to drop the client.
    const server = await startServer({
      heartbeatInterval: 20,
      heartbeatTimeout: 2000,
    });
    const client = await connectedClient(server, { heartbeatInterval: 50 });
    const dropped: unknown[] = [];
    client.on('disconnect', (info) => dropped.push(info));
    await sleep(300);
    expect(dropped).toEqual([]);
  });
});
