import { afterEach, describe, expect, it } from 'vitest';
import {
  MODES,
  cleanup,
  createClient,
  nextEvent,
  sleep,
  startProxy,
  transport,
} from './helpers.js';

afterEach(cleanup);

describe.each(MODES)('StelarClient heartbeat over %s', (mode) => {
  const t = transport(mode);

  it('closes a link silent for twice heartbeatInterval and reconnects', async () => {
    const server = await t.start();
    const proxy = await startProxy(t.portOf(server));
    const client = createClient(t.urlAt(proxy.port), {
      mode,
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
    const server = await t.start({ heartbeatInterval: 60000 });
    const client = await t.connected(server, { heartbeatInterval: 50 });
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
    const server = await t.start({
      heartbeatInterval: 20,
      heartbeatTimeout: 2000,
    });
    const client = await t.connected(server, { heartbeatInterval: 50 });
    const dropped: unknown[] = [];
    client.on('disconnect', (info) => dropped.push(info));
    await sleep(300);
    expect(dropped).toEqual([]);
  });

  it('answers the server pings, so a strict server keeps it', async () => {
    // The client's own probes are a minute apart: only its answers to the
    // server's pings show it alive, over a dozen heartbeatTimeouts.
    const server = await t.start({
      heartbeatInterval: 25,
      heartbeatTimeout: 100,
    });
    const client = await t.connected(server, { heartbeatInterval: 60000 });
    const id = client.getId();
    const dropped: unknown[] = [];
    client.on('disconnect', (info) => dropped.push(info));
    await sleep(1200);
    expect(dropped).toEqual([]);
    expect(server.getClients().map((c) => c.id)).toEqual([id]);
  });
});
