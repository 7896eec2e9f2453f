// The command line: which workloads, which servers, how large and how many
// times. Sizes come from one of two presets; flags narrow the run.
import { parseArgs } from 'node:util';

/**
 * @typedef {object} Sizes
 * @property {number} repeats
 * @property {import('./workloads/fan-out.mjs').FanOutConfig} W1
 * @property {import('./workloads/request-ack.mjs').RequestAckConfig} W2
 * @property {import('./workloads/idle-memory.mjs').IdleMemoryConfig} W3
 * @property {import('./workloads/connect-rate.mjs').ConnectRateConfig} W4
 */

/**
 * The sizes the issue asks for; a full run takes several minutes.
 *
 * @type {Readonly<Sizes>}
 */
export const FULL = Object.freeze({
  repeats: 5,
  W1: { clients: 1000, messages: 2000, warmupMessages: 200, window: 16 },
  W2: { clients: 100, durationMs: 10_000, warmupMs: 1000 },
  W3: { connections: 10_000 },
  W4: { connections: 5000, warmupConnections: 500, inFlight: 200 },
});

/**
 * Small enough to finish in about a minute; for checking the harness.
 *
 * @type {Readonly<Sizes>}
 */
export const QUICK = Object.freeze({
  repeats: 3,
  W1: { clients: 200, messages: 300, warmupMessages: 50, window: 16 },
  W2: { clients: 100, durationMs: 1500, warmupMs: 300 },
  W3: { connections: 2000 },
  W4: { connections: 1000, warmupConnections: 100, inFlight: 200 },
});

export const WORKLOAD_IDS = Object.freeze(['W1', 'W2', 'W3', 'W4']);
export const SERVER_NAMES = Object.freeze(['stelar', 'ws', 'socketio']);

export const USAGE = `usage: node src/bench.mjs [--quick] [--only=W1,W2,W3,W4] [--servers=stelar,ws,socketio] [--repeats=N]

  --quick      small sizes and 3 repeats, about a minute
  --only       the workloads to run (default: all)
  --servers    the servers to compare (default: all)
  --repeats    runs of every workload and server pair (default: 5, quick: 3)`;

/**
 * @typedef {object} BenchOptions
 * @property {boolean} quick
 * @property {string[]} workloads
 * @property {string[]} servers
 * @property {number} repeats
 * @property {Readonly<Sizes>} sizes
 */

/**
 * Parses the arguments; throws one sentence naming the bad value.
 *
 * @param {string[]} args
 * @returns {BenchOptions & { help: boolean }}
 */
export function parseOptions(args) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      servers: { type: 'string' },
      repeats: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const sizes = values.quick === true ? QUICK : FULL;
  return {
    help: values.help === true,
    quick: values.quick === true,
    workloads: pickList('--only', values.only, WORKLOAD_IDS, (s) =>
      s.toUpperCase(),
    ),
    servers: pickList('--servers', values.servers, SERVER_NAMES, (s) =>
      s.toLowerCase(),
    ),
    repeats: parseRepeats(values.repeats, sizes.repeats),
    sizes,
  };
}

/**
 * @param {string} flag
 * @param {string | undefined} raw
 * @param {readonly string[]} known
 * @param {(name: string) => string} normalize
 * @returns {string[]}
 */
function pickList(flag, raw, known, normalize) {
  if (raw === undefined) return [...known];
  const names = raw.split(',').map((name) => normalize(name.trim()));
  for (const name of names) {
    if (!known.includes(name)) {
      throw new Error(`${flag} takes ${known.join(', ')}; got ${name}`);
    }
  }
  // The order of `known`, not the caller's: tables read the same every run.
  return known.filter((name) => names.includes(name));
}

/**
 * @param {string | undefined} raw
 * @param {number} fallback
 */
function parseRepeats(raw, fallback) {
  if (raw === undefined) return fallback;
  const repeats = Number(raw);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) {
    throw new Error(
      `--repeats must be a whole number from 1 to 100, got ${raw}`,
    );
  }
  return repeats;
}
