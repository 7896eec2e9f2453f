// W1, fan-out: one publisher, one room of N clients, the server re-sends
// every message to the room. A bounded window of messages is in flight; a
// message leaves the window once every member has it.
import { performance } from 'node:perf_hooks';
import { BenchClient } from '../bench-client.mjs';
import {
  connectClients,
  requireAll,
  terminateAll,
} from '../connect-clients.mjs';
import { LatencySample } from '../stats.mjs';

const ROOM = 'bench';
/** ~56 characters of padding make the JSON data about 100 bytes. */
const PADDING = 'x'.repeat(56);
/** Latencies kept per run: enough for a stable p99. */
const SAMPLE_SIZE = 100_000;
/** Milliseconds without a completed message before the run gives up. */
const STALL_MS = 5_000;
const WATCH_INTERVAL_MS = 250;

/**
 * @typedef {object} FanOutConfig
 * @property {number} clients Members of the room.
 * @property {number} messages Messages measured.
 * @property {number} warmupMessages Messages sent first and not measured.
 * @property {number} window Messages in flight at most.
 */

/** @type {import('./workload.mjs').Workload<FanOutConfig>} */
export const fanOut = {
  id: 'W1',
  title: 'fan-out',
  describe: (c) =>
    `${c.clients} clients in one room, ${c.messages} messages of ~100 B, ${c.window} in flight`,
  metrics: [
    { key: 'deliveriesPerSec', label: 'deliveries/s', digits: 0 },
    { key: 'p50Ms', label: 'p50 ms', digits: 2 },
    { key: 'p99Ms', label: 'p99 ms', digits: 2 },
    { key: 'lost', label: 'lost', digits: 0, worst: true },
    { key: 'duplicates', label: 'dup', digits: 0, worst: true },
    {
      key: 'cpuUsPerDelivery',
      label: 'server CPU µs/delivery',
      digits: 3,
      headline: true,
    },
  ],
  connections: (c) => c.clients + 1,
  run: runFanOut,
};

/**
 * @param {import('../server-process.mjs').ServerProcess} server
 * @param {import('../adapters.mjs').ProtocolAdapter} adapter
 * @param {FanOutConfig} config
 */
async function runFanOut(server, adapter, config) {
  const setup = await connectClients(
    adapter,
    server.port,
    config.clients,
    ROOM,
  );
  const clients = setup.clients;
  const publisher = new BenchClient(adapter, server.port, '127.0.0.1');
  try {
    requireAll(setup, config.clients);
    await publisher.open();
    await new Publication(
      publisher,
      clients,
      config.warmupMessages,
      0,
      config.window,
    ).run();

    const cpuBefore = await server.cpuMicros();
    const measured = new Publication(
      publisher,
      clients,
      config.messages,
      1,
      config.window,
    );
    const outcome = await measured.run();
    const cpu = (await server.cpuMicros()) - cpuBefore;

    return {
      deliveriesPerSec: outcome.delivered / (outcome.elapsedMs / 1000),
      p50Ms: measured.sample.percentile(0.5),
      p99Ms: measured.sample.percentile(0.99),
      lost: outcome.lost,
      duplicates: outcome.duplicates,
      cpuUsPerDelivery: cpu / outcome.delivered,
    };
  } finally {
    publisher.terminate();
    terminateAll(clients);
  }
}

/**
 * One batch of messages through the room: counts every delivery against
 * the message it belongs to, keeps `window` messages in flight, and stops
 * when all are delivered or progress stalls for STALL_MS.
 */
class Publication {
  /**
   * @param {BenchClient} publisher
   * @param {BenchClient[]} receivers
   * @param {number} count
   * @param {number} phase Tags the payload, so a late delivery from an
   *   earlier batch is never counted in this one.
   * @param {number} window
   */
  constructor(publisher, receivers, count, phase, window) {
    this.publisher = publisher;
    this.receivers = receivers;
    this.count = count;
    this.phase = phase;
    this.window = window;
    /** Deliveries still owed per message; negative means duplicates. */
    this.owed = new Int32Array(count).fill(receivers.length);
    this.sent = 0;
    this.completed = 0;
    this.delivered = 0;
    this.sample = new LatencySample(SAMPLE_SIZE);
    this.startedAt = 0;
    this.lastProgressAt = 0;
    /** @type {(() => void) | null} */
    this.finish = null;
    this.onDelivery = this.onDelivery.bind(this);
  }

  /**
   * @returns {Promise<{
   *   delivered: number,
   *   lost: number,
   *   duplicates: number,
   *   elapsedMs: number,
   * }>}
   */
  async run() {
    for (const receiver of this.receivers) receiver.onEvent = this.onDelivery;
    this.startedAt = performance.now();
    this.lastProgressAt = this.startedAt;

    const done = new Promise((resolve) => {
      this.finish = () => resolve(undefined);
    });
    const watch = setInterval(publicationWatch, WATCH_INTERVAL_MS, this);
    if (this.count === 0) this.finish?.();
    this.pump();
    await done;
    clearInterval(watch);
    for (const receiver of this.receivers) receiver.onEvent = null;

    let lost = 0;
    let duplicates = 0;
    for (const owed of this.owed) {
      if (owed > 0) lost += owed;
      else duplicates -= owed;
    }
    return {
      delivered: this.delivered,
      lost,
      duplicates,
      elapsedMs: this.lastProgressAt - this.startedAt,
    };
  }

  pump() {
    while (this.sent < this.count && this.sent - this.completed < this.window) {
      const data = {
        s: this.sent,
        ph: this.phase,
        t: performance.now(),
        p: PADDING,
      };
      this.sent++;
      this.publisher.emit('pub', data);
    }
  }

  /**
   * @param {BenchClient} _client
   * @param {string} event
   * @param {any} data
   */
  onDelivery(_client, event, data) {
    if (event !== 'msg' || data === null || data.ph !== this.phase) return;
    const now = performance.now();
    this.delivered++;
    this.sample.add(now - data.t);
    const owed = (this.owed[data.s] ?? 0) - 1;
    this.owed[data.s] = owed;
    if (owed !== 0) return;

    this.completed++;
    this.lastProgressAt = now;
    if (this.completed === this.count) this.finish?.();
    else this.pump();
  }
}

/** @param {Publication} publication */
function publicationWatch(publication) {
  if (performance.now() - publication.lastProgressAt >= STALL_MS) {
    publication.finish?.();
  }
}
