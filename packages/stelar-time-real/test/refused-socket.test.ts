import { connect as connectTcp } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, connect, startServer } from './helpers.js';

afterEach(cleanup);

function rawUpgrade(
  port: number,
): Promise<{ response: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    // allowHalfOpen: the peer keeps its own side open after the server's
    // answer, as a careless or hostile client would.
    const socket = connectTcp({ port, host: '127.0.0.1', allowHalfOpen: true });
    let response = '';
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the refused socket'));
    }, 8000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (response += chunk));
    socket.on('error', () => undefined);
    // After the server's FIN only a write can tell whether the server side
    // still exists: once it is gone, the write is answered with a reset.
    let probe: ReturnType<typeof setInterval> | undefined;
    socket.on('end', () => {
      probe = setInterval(() => socket.write('x'), 200);
    });
    socket.on('close', () => {
      clearTimeout(guard);
      clearInterval(probe);
      resolve({ response, closed: true });
    });
    socket.write(
      [
        'GET / HTTP/1.1',
        'Host: 127.0.0.1',
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
}

describe('a refused upgrade', () => {
  it(
    'is answered and then closed even when the peer keeps its side open',
    {
      timeout: 10000,
    },
    async () => {
      const server = await startServer({ maxConnections: 1 });
      await connect(server);

      const { response, closed } = await rawUpgrade(server.getPort()!);

      expect(response.startsWith('HTTP/1.1 503')).toBe(true);
      expect(response).toContain('Retry-After: 5');
      expect(closed).toBe(true);
      expect(server.getStats().activeConnections).toBe(1);
    },
  );
});
