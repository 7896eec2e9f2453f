// stelar-time-real under test, through the meta-package's documented API.
// Every limit that would otherwise be what the benchmark measures is raised
// or off: the rate limiter (100 messages/s per client by default), the
// connection caps (10,000 in all, 50 per IP) and the room caps.
import { createServer } from 'node:http';
import { StelarServer } from 'stelar-time-real';
import { listenOnLoopback, portFromEnv, serveControl } from './control.mjs';

const ROOM = 'bench';
const UNLIMITED = 1_000_000;

// The documented `server` option, so the server listens on 127.0.0.1 only;
// with `port` it would listen on every interface.
const httpServer = createServer();
const stelar = new StelarServer({
  server: httpServer,
  gracefulShutdown: false,
  logger: false,
  rateLimit: false,
  maxConnections: UNLIMITED,
  maxConnectionsPerIP: UNLIMITED,
  maxRooms: UNLIMITED,
  maxRoomsPerClient: UNLIMITED,
});

stelar.on('pub', (ctx) => {
  stelar.to(ROOM, 'msg', ctx.data);
});
stelar.onAck('echo', (ctx) => ctx.data);

await stelar.start();
serveControl(await listenOnLoopback(httpServer, portFromEnv()));
