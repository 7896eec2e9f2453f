import { createServer } from 'node:http';
import { createChatStelar } from './create-chat-stelar.mjs';
import { listenFromPort } from './listen-from-port.mjs';
import { loadStaticSite } from './static-site.mjs';

/**
 * @typedef {object} ChatServerOptions
 * @property {number} [port=3000] The first port tried; `0` lets the system
 *   choose.
 * @property {string} [host] The interface to listen on; all when omitted.
 * @property {import('stelar-time-real').StelarOptions['logger']}
 *   [logger='info'] The server's logger, as StelarServer takes it.
 * @property {boolean} [gracefulShutdown=true] Stop on SIGINT/SIGTERM, then
 *   let the signal end the process.
 * @property {number | false} [tcpPort=false] The TCP port for Node.js
 *   services; `0` lets the system choose.
 */

/**
 * @typedef {object} ChatServer
 * @property {string} url Where the page is, for a person to open.
 * @property {number} port The port the page, `/ws` and `/health` share.
 * @property {number | false} tcpPort The TCP port for services, if any.
 * @property {import('stelar-time-real').StelarServer} stelar
 * @property {() => Promise<void>} close Closes the clients, then the port.
 */

/**
 * Starts the demo chat: one HTTP server for the page, the WebSocket on
 * `/ws` and the health figures on `/health`.
 *
 * The demo owns the HTTP server because StelarServer answers every path it
 * does not know with `404` on a server it creates; on a server passed in,
 * it leaves those paths to the server's own listener.
 *
 * @param {ChatServerOptions} [options]
 * @returns {Promise<ChatServer>}
 */
export async function startChatServer({
  port = 3000,
  host,
  logger = 'info',
  gracefulShutdown = true,
  tcpPort = false,
} = {}) {
  const httpServer = createServer(await loadStaticSite());
  const actualPort = await listenFromPort(httpServer, port, host);
  const stelar = createChatStelar({
    server: httpServer,
    logger,
    gracefulShutdown,
    tcpPort,
  });

  try {
    await stelar.start();
  } catch (error) {
    await closeHttpServer(httpServer);
    throw error;
  }

  return {
    url: `http://${displayHost(host)}:${actualPort}/`,
    port: actualPort,
    tcpPort: stelar.getConfig().tcpPort,
    stelar,
    close: async () => {
      await stelar.stop();
      await closeHttpServer(httpServer);
    },
  };
}

/**
 * StelarServer leaves a server it was given open when it stops, so the
 * demo closes its own.
 *
 * @param {import('node:http').Server} server
 * @returns {Promise<void>}
 */
function closeHttpServer(server) {
  server.closeAllConnections();
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
  });
}

/**
 * A host a browser can open: `localhost` for the wildcard addresses, and
 * IPv6 literals in brackets.
 *
 * @param {string | undefined} host
 */
function displayHost(host) {
  if (host === undefined || host === '0.0.0.0' || host === '::') {
    return 'localhost';
  }
  return host.includes(':') ? `[${host}]` : host;
}
