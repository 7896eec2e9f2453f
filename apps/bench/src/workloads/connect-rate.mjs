// W4, connection rate: each connection is opened, accepted (the server's
// welcome or connect reply) and closed with a close handshake; a fixed
// number are in flight at once. The server's CPU covers the whole life.
import { performance } from 'node:perf_hooks';
import { BenchClient } from '../bench-client.mjs';
import { sourceAddressFor } from '../loopback.mjs';
import { runBounded } from '../run-bounded.mjs';
import { sleep } from '../with-timeout.mjs';

/**
 * Milliseconds after the last close before the second CPU sample: the
 * server tears a connection down after the client has seen it closed.
 */
const SETTLE_MS = 200;

/**
 * @typedef {object} ConnectRateConfig
 * @property {number} connections Connections measured.
 * @property {number} warmupConnections Opened first and not measured.
 * @property {number} inFlight
 */

/** @type {import('./workload.mjs').Workload<ConnectRateConfig>} */
export const connectRate = {
  id: 'W4',
  title: 'connection rate',
  describe: (c) =>
    `${c.connections} connections opened, accepted and closed, ${c.inFlight} in flight`,
  metrics: [
    { key: 'connectionsPerSec', label: 'connections/s', digits: 0 },
    {
      key: 'cpuUsPerConnection',
      label: 'server CPU µs/conn',
      digits: 1,
      headline: true,
    },
    { key: 'failed', label: 'failed', digits: 0, worst: true },
  ],
  connections: (c) => c.inFlight,
  run: runConnectRate,
};

/**
 * @param {import('../server-process.mjs').ServerProcess} server
 * @param {import('../adapters.mjs').ProtocolAdapter} adapter
 * @param {ConnectRateConfig} config
 */
async function runConnectRate(server, adapter, config) {
  /** @param {number} index */
  const openAndClose = async (index) => {
    const client = new BenchClient(
      adapter,
      server.port,
      sourceAddressFor(index),
    );
    try {
      await client.open();
      await client.close();
    } catch (error) {
      client.terminate();
      throw error;
    }
  };

  await runBounded(config.warmupConnections, config.inFlight, openAndClose);
  await sleep(SETTLE_MS);

  const cpuBefore = await server.cpuMicros();
  const startedAt = performance.now();
  // Measured connections take source addresses after the warm-up's, so no
  // port is reused while the kernel may still hold it in TIME_WAIT.
  const { failed, firstError } = await runBounded(
    config.connections,
    config.inFlight,
    (i) => openAndClose(config.warmupConnections + i),
  );
  const elapsedMs = performance.now() - startedAt;
  await sleep(SETTLE_MS);
  const cpu = (await server.cpuMicros()) - cpuBefore;
  const accepted = config.connections - failed;
  if (accepted === 0) {
    throw new Error(`no connection was accepted, first error: ${firstError}`);
  }

  return {
    connectionsPerSec: accepted / (elapsedMs / 1000),
    cpuUsPerConnection: cpu / accepted,
    failed,
  };
}
