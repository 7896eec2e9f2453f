/** The highest TCP port there is. */
const HIGHEST_PORT = 65535;

/**
 * Listens on `port`, or on the next free port above it when it is taken,
 * the way StelarServer's own `port` option behaves. Port 0 lets the system
 * choose. Resolves with the port in use.
 *
 * The demo needs its own copy because it owns the HTTP server (to serve the
 * page beside the WebSocket), and StelarServer moves ports only for servers
 * it creates itself.
 *
 * @param {import('node:net').Server} server
 * @param {number} port
 * @param {string} [host] All interfaces when omitted.
 * @returns {Promise<number>}
 */
export async function listenFromPort(server, port, host) {
  for (let candidate = port; candidate <= HIGHEST_PORT; candidate++) {
    try {
      return await listenOnce(server, candidate, host);
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (code !== 'EADDRINUSE' || port === 0) throw error;
    }
  }
  throw new Error(`no free port between ${port} and ${HIGHEST_PORT}`);
}

/**
 * @param {import('node:net').Server} server
 * @param {number} port
 * @param {string | undefined} host
 * @returns {Promise<number>}
 */
function listenOnce(server, port, host) {
  return new Promise((resolve, reject) => {
    /** @param {Error} error */
    const onError = (error) => {
      server.removeListener('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.removeListener('error', onError);
      const address = server.address();
      resolve(
        typeof address === 'object' && address !== null ? address.port : port,
      );
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
