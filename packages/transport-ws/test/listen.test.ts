import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listenFromPort } from '../src/listen.js';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .map(
        (server) =>
          new Promise<void>((resolve) => server.close(() => resolve())),
      ),
  );
});

function track(server: Server): Server {
  servers.push(server);
  return server;
}

describe('listenFromPort()', () => {
  it('lets the system choose with port 0', async () => {
    const port = await listenFromPort(track(createServer()), 0);
    expect(port).toBeGreaterThan(0);
  });

  it('moves to the next free port when the first is taken', async () => {
    const taken = await listenFromPort(track(createServer()), 0);
    const port = await listenFromPort(track(createServer()), taken);
    expect(port).toBeGreaterThan(taken);
  });
});
