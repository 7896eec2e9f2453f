import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { StelarServer } from '../src/index.js';
import {
  Harness,
  fetchHttp,
  tryUpgrade,
  within,
  type HttpAnswer,
} from './harness.js';

const harness = new Harness();

afterEach(() => harness.close());

/**
 * A user's application as it stands before stelar arrives: a small router
 * in the style of express, and a WebSocket path of its own on `/other`.
 */
interface UserApp {
  server: Server;
  port: number;
  onRequest: (req: IncomingMessage, res: ServerResponse) => void;
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

async function startUserApp(): Promise<UserApp> {
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/api/hello': (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ hello: 'world' }));
    },
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const route = routes[(req.url ?? '/').split('?')[0]!];
    if (route !== undefined) {
      route(res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('user app: no such route');
  };

  const other = new WebSocketServer({ noServer: true });
  other.on('connection', (ws) => {
    ws.on('message', (data) => ws.send(`other echo: ${String(data)}`));
  });
  const onUpgrade = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): void => {
    if (req.url === '/other') {
      other.handleUpgrade(req, socket, head, (ws) =>
        other.emit('connection', ws, req),
      );
      return;
    }
    socket.end(
      "HTTP/1.1 418 I'm a Teapot\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
    );
  };

  const server = createServer(onRequest);
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  harness.defer(async () => {
    for (const client of other.clients) client.terminate();
    other.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const port = (server.address() as { port: number }).port;
  return { server, port, onRequest, onUpgrade };
}

/** Opens the user's own WebSocket on /other and returns its echo of `text`. */
async function otherEcho(port: number, text: string): Promise<string> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/other`);
  try {
    return await within(
      new Promise<string>((resolve, reject) => {
        ws.on('open', () => ws.send(text));
        ws.on('message', (data) => resolve(String(data)));
        ws.on('error', reject);
      }),
      'the echo on /other',
    );
  } finally {
    ws.terminate();
  }
}

async function attach(app: UserApp): Promise<StelarServer> {
  const stelar = harness.track(
    new StelarServer({
      server: app.server,
      namespace: '/realtime',
      logger: false,
      gracefulShutdown: false,
      shutdownTimeout: 1000,
    }),
  );
  await stelar.start();
  return stelar;
}

describe('StelarServer attached to a user http.Server', () => {
  let app: UserApp;

  beforeEach(async () => {
    app = await startUserApp();
  });

  it('welcomes clients on its namespace', async () => {
    const stelar = await attach(app);

    const client = await harness.connect(app.port, '/realtime');

    expect(stelar.getClients().map((c) => c.id)).toEqual([client.id]);
  });

  it('reports the port of the user server', async () => {
    const stelar = await attach(app);

    expect(stelar.getPort()).toBe(app.port);
    expect(stelar.getConfig().attachedToServer).toBe(true);
  });

  it('leaves the user routes working', async () => {
    await attach(app);

    const answer = await fetchHttp(app.port, { path: '/api/hello' });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ hello: 'world' });
  });

  it('leaves the user WebSocket path working', async () => {
    await attach(app);

    expect(await otherEcho(app.port, 'ping')).toBe('other echo: ping');
  });

  it('hands upgrades outside its namespace to the user listener', async () => {
    const stelar = await attach(app);

    const answer = await tryUpgrade(app.port, { path: '/elsewhere' });

    expect(answer.status).toBe(418);
    expect(stelar.getStats().totalConnections).toBe(0);
  });

  it('serves the health document on the user server', async () => {
    const stelar = await attach(app);
    await harness.connect(app.port, '/realtime');

    const answer = await fetchHttp(app.port, { path: '/health' });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 'ok',
      activeConnections: 1,
    });
    expect(stelar.getStats().activeConnections).toBe(1);
  });

  it('leaves unknown paths to the user handler', async () => {
    await attach(app);

    const answer = await fetchHttp(app.port, { path: '/nowhere' });

    expect(answer).toMatchObject<Partial<HttpAnswer>>({
      status: 404,
      body: 'user app: no such route',
    });
  });

  it('closes its own clients with 1001 on stop and leaves the user ones open', async () => {
    const stelar = await attach(app);
    const client = await harness.connect(app.port, '/realtime');
    const mine = new WebSocket(`ws://127.0.0.1:${app.port}/other`);
    harness.defer(() => mine.terminate());
    await within(
      new Promise((resolve) => mine.on('open', resolve)),
      'the /other socket to open',
    );

    await stelar.stop();

    expect((await client.closed).code).toBe(1001);
    expect(mine.readyState).toBe(WebSocket.OPEN);
  });

  describe('after stop()', () => {
    it('leaves the user server listening with its routes', async () => {
      const stelar = await attach(app);
      await harness.connect(app.port, '/realtime');

      await stelar.stop();
      const hello = await fetchHttp(app.port, { path: '/api/hello' });
      const health = await fetchHttp(app.port, { path: '/health' });

      expect(app.server.listening).toBe(true);
      expect(JSON.parse(hello.body)).toEqual({ hello: 'world' });
      expect(health).toMatchObject<Partial<HttpAnswer>>({
        status: 404,
        body: 'user app: no such route',
      });
    });

    it('keeps the user WebSocket path serving', async () => {
      const stelar = await attach(app);

      await stelar.stop();

      expect(await otherEcho(app.port, 'again')).toBe('other echo: again');
    });

    it('removes its listeners and restores the user ones', async () => {
      const stelar = await attach(app);
      const during = {
        request: app.server.listeners('request').length,
        upgrade: app.server.listeners('upgrade').length,
      };

      await stelar.stop();

      expect(during).toEqual({ request: 1, upgrade: 1 });
      expect(app.server.listeners('request')).toEqual([app.onRequest]);
      expect(app.server.listeners('upgrade')).toEqual([app.onUpgrade]);
      expect((await tryUpgrade(app.port, { path: '/realtime' })).status).toBe(
        418,
      );
    });
  });
});
