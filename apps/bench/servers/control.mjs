// The control channel every server under test shares: the load generator
// asks over Node's IPC channel for CPU time and memory, so the figures come
// from inside the server process and cost it nothing between two samples.

const HOST = '127.0.0.1';

/**
 * Reads the port to listen on from `PORT` or the first argument; 0 lets the
 * system choose.
 */
export function portFromEnv() {
  const raw = process.env.PORT ?? process.argv[2] ?? '0';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got ${raw}`);
  }
  return port;
}

/**
 * Listens on 127.0.0.1 only, so nothing outside the machine reaches the
 * server under test; resolves with the port in use.
 *
 * @param {import('node:http').Server} server
 * @param {number} port
 * @returns {Promise<number>}
 */
export function listenOnLoopback(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.removeListener('error', reject);
      const address = server.address();
      resolve(
        typeof address === 'object' && address !== null ? address.port : port,
      );
    });
  });
}

/**
 * Prints the port for the load generator and answers its control requests.
 * The server exits when the load generator goes away, so a crashed run
 * leaves no server behind.
 *
 * @param {number} port
 */
export function serveControl(port) {
  process.on('message', processOnMessage);
  process.on('disconnect', processOnDisconnect);
  process.stdout.write(`listening ${port}\n`);
}

/** @param {{ id: number, command: string }} message */
function processOnMessage(message) {
  if (message.command === 'cpu') {
    reply(message.id, { cpu: process.cpuUsage() });
  } else if (message.command === 'memory') {
    reply(message.id, { memory: memoryAfterGc() });
  } else {
    reply(message.id, { error: `unknown command ${message.command}` });
  }
}

function processOnDisconnect() {
  process.exit(0);
}

/**
 * @param {number} id
 * @param {object} body
 */
function reply(id, body) {
  process.send?.({ id, ...body });
}

function memoryAfterGc() {
  // Two passes: the first can only queue weak callbacks and finalizers whose
  // memory the second one frees.
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
  const usage = process.memoryUsage();
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    gcForced: typeof globalThis.gc === 'function',
  };
}
