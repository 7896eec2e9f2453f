import type { Server } from 'node:net';

const HIGHEST_PORT = 65535;

/**
 * Listens on `port`, or on the next free port above it when it is taken, as
 * the `port` option documents. Port 0 lets the system choose. `reserved` is
 * never taken on the way up: it is the TCP transport's port, which does not
 * move. Resolves with the port in use.
 */
export async function listenFromPort(
  server: Server,
  port: number,
  reserved?: number,
): Promise<number> {
  for (let candidate = port; candidate <= HIGHEST_PORT; candidate++) {
    if (candidate === reserved && candidate !== port) continue;
    try {
      return await listenOnce(server, candidate);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || port === 0) throw error;
    }
  }
  throw new Error(`no free port between ${port} and ${HIGHEST_PORT}`);
}

function listenOnce(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.removeListener('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.removeListener('error', onError);
      const address = server.address();
      resolve(
        typeof address === 'object' && address !== null ? address.port : port,
      );
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port);
  });
}
