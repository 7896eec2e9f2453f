// W3, idle memory: what the server holds per open, idle connection, from
// two samples after a forced GC, one before the clients connect and one
// once all of them are accepted.
import { connectClients, terminateAll } from '../connect-clients.mjs';
import { sleep } from '../with-timeout.mjs';

const KIB = 1024;
/**
 * Milliseconds between the last accept and the second sample: lets the
 * server finish what an accept schedules (timers, buffered writes).
 */
const SETTLE_MS = 500;

/**
 * @typedef {object} IdleMemoryConfig
 * @property {number} connections
 */

/** @type {import('./workload.mjs').Workload<IdleMemoryConfig>} */
export const idleMemory = {
  id: 'W3',
  title: 'idle memory',
  describe: (c) =>
    `${c.connections} idle connections, memory after a forced GC`,
  metrics: [
    {
      key: 'rssKiBPerConnection',
      label: 'RSS KiB/conn',
      digits: 2,
      headline: true,
    },
    {
      key: 'heapKiBPerConnection',
      label: 'heap KiB/conn',
      digits: 2,
      headline: true,
    },
    { key: 'failed', label: 'failed', digits: 0, worst: true },
  ],
  connections: (c) => c.connections,
  run: runIdleMemory,
};

/**
 * @param {import('../server-process.mjs').ServerProcess} server
 * @param {import('../adapters.mjs').ProtocolAdapter} adapter
 * @param {IdleMemoryConfig} config
 */
async function runIdleMemory(server, adapter, config) {
  const before = await server.memory();
  if (!before.gcForced) throw new Error('server runs without --expose-gc');
  const { clients, failed, firstError } = await connectClients(
    adapter,
    server.port,
    config.connections,
    null,
  );
  try {
    if (clients.length === 0) {
      throw new Error(`no client connected, first error: ${firstError}`);
    }
    await sleep(SETTLE_MS);
    const after = await server.memory();
    const open = clients.length;
    return {
      rssKiBPerConnection: (after.rss - before.rss) / open / KIB,
      heapKiBPerConnection: (after.heapUsed - before.heapUsed) / open / KIB,
      failed,
    };
  } finally {
    terminateAll(clients);
  }
}
