// W2, request/ack: every client runs a closed loop, one request in flight,
// the next sent as soon as the reply arrives, for a fixed time.
import { performance } from 'node:perf_hooks';
import {
  connectClients,
  requireAll,
  terminateAll,
} from '../connect-clients.mjs';
import { LatencySample } from '../stats.mjs';
import { withTimeout } from '../with-timeout.mjs';

/** About 100 bytes of JSON data per request and per reply. */
const PAYLOAD = Object.freeze({ p: 'x'.repeat(90) });
const SAMPLE_SIZE = 100_000;
/** Milliseconds the loops may overrun their duration before the run fails. */
const OVERRUN_MS = 10_000;

/**
 * @typedef {object} RequestAckConfig
 * @property {number} clients
 * @property {number} durationMs Measured time.
 * @property {number} warmupMs Time run first and not measured.
 */

/** @type {import('./workload.mjs').Workload<RequestAckConfig>} */
export const requestAck = {
  id: 'W2',
  title: 'request/ack',
  describe: (c) =>
    `${c.clients} clients, each a closed loop of request and reply for ${c.durationMs / 1000} s`,
  metrics: [
    { key: 'roundTripsPerSec', label: 'round trips/s', digits: 0 },
    { key: 'p50Ms', label: 'p50 ms', digits: 2 },
    { key: 'p99Ms', label: 'p99 ms', digits: 2 },
    {
      key: 'cpuUsPerRoundTrip',
      label: 'server CPU µs/round trip',
      digits: 2,
      headline: true,
    },
  ],
  connections: (c) => c.clients,
  run: runRequestAck,
};

/**
 * @param {import('../server-process.mjs').ServerProcess} server
 * @param {import('../adapters.mjs').ProtocolAdapter} adapter
 * @param {RequestAckConfig} config
 */
async function runRequestAck(server, adapter, config) {
  const setup = await connectClients(
    adapter,
    server.port,
    config.clients,
    null,
  );
  const clients = setup.clients;
  try {
    requireAll(setup, config.clients);
    await runLoops(clients, config.warmupMs, null);

    const sample = new LatencySample(SAMPLE_SIZE);
    const cpuBefore = await server.cpuMicros();
    const startedAt = performance.now();
    const roundTrips = await runLoops(clients, config.durationMs, sample);
    const elapsedMs = performance.now() - startedAt;
    const cpu = (await server.cpuMicros()) - cpuBefore;

    return {
      roundTripsPerSec: roundTrips / (elapsedMs / 1000),
      p50Ms: sample.percentile(0.5),
      p99Ms: sample.percentile(0.99),
      cpuUsPerRoundTrip: cpu / roundTrips,
    };
  } finally {
    terminateAll(clients);
  }
}

/**
 * Runs every client's loop until `durationMs` has passed, then waits for
 * the requests in flight; resolves with the round trips completed.
 *
 * @param {import('../bench-client.mjs').BenchClient[]} clients
 * @param {number} durationMs
 * @param {LatencySample | null} sample
 * @returns {Promise<number>}
 */
async function runLoops(clients, durationMs, sample) {
  const deadline = performance.now() + durationMs;
  const loops = clients.map((client) => loop(client, deadline, sample));
  const counts = await withTimeout(
    Promise.all(loops),
    durationMs + OVERRUN_MS,
    'request loops',
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * @param {import('../bench-client.mjs').BenchClient} client
 * @param {number} deadline
 * @param {LatencySample | null} sample
 * @returns {Promise<number>}
 */
async function loop(client, deadline, sample) {
  let count = 0;
  let now = performance.now();
  while (now < deadline) {
    const sentAt = now;
    await client.request('echo', PAYLOAD);
    now = performance.now();
    sample?.add(now - sentAt);
    count++;
  }
  return count;
}
