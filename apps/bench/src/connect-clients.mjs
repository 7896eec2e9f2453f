// Opens the many connections a workload needs, spread over loopback source
// addresses, with a cap on how many handshakes are in flight.
import { BenchClient } from './bench-client.mjs';
import { sourceAddressFor } from './loopback.mjs';
import { runBounded } from './run-bounded.mjs';

/** @typedef {import('./run-bounded.mjs').Failures} Failures */
import { withTimeout } from './with-timeout.mjs';

/** Handshakes in flight while a workload sets up its clients. */
export const SETUP_IN_FLIGHT = 200;
/** Milliseconds a join may take to be confirmed. */
const JOIN_TIMEOUT_MS = 15_000;

/**
 * Opens `count` clients (and joins each to `room` when given); the ones that
 * fail are closed and counted, not returned.
 *
 * @param {import('./adapters.mjs').ProtocolAdapter} adapter
 * @param {number} port
 * @param {number} count
 * @param {string | null} room
 * @returns {Promise<{ clients: BenchClient[] } & Failures>}
 */
export async function connectClients(adapter, port, count, room) {
  /** @type {BenchClient[]} */
  const clients = [];
  const failures = await runBounded(count, SETUP_IN_FLIGHT, async (index) => {
    const client = new BenchClient(adapter, port, sourceAddressFor(index));
    try {
      await client.open();
      if (room !== null) {
        await withTimeout(client.join(room), JOIN_TIMEOUT_MS, 'join');
      }
      clients.push(client);
    } catch (error) {
      client.terminate();
      throw error;
    }
  });
  return { clients, ...failures };
}

/**
 * Throws when any client failed to set up: a workload measured on fewer
 * clients than it says would mislead.
 *
 * @param {Failures} failures
 * @param {number} count
 */
export function requireAll(failures, count) {
  if (failures.failed === 0) return;
  throw new Error(
    `${failures.failed} of ${count} clients failed to set up, first: ${failures.firstError}`,
  );
}

/**
 * Drops every connection without a close handshake: the server is stopped
 * next, so a polite close would only slow the run down.
 *
 * @param {BenchClient[]} clients
 */
export function terminateAll(clients) {
  for (const client of clients) client.terminate();
}
