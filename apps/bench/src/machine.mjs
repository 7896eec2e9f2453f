// What the run happens on, and the two things the load generator arranges
// about it before measuring: core pinning and the open-file limit.
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';

/**
 * @typedef {object} CorePlan
 * @property {number[] | null} server Cores for the server under test, or
 *   null when it is not pinned.
 * @property {number[] | null} client Cores for the load generator.
 * @property {string} note How the cores are split, for the machine line.
 */

/**
 * Splits the cores between the server under test (the last core) and the
 * load generator (all the others), and pins this process to its share.
 * Without `taskset` or with one core, nothing is pinned and the note says
 * why: the figures are then noisier, not wrong.
 *
 * @returns {CorePlan}
 */
export function planCores() {
  const count = availableParallelism();
  if (count < 2) {
    return { server: null, client: null, note: 'not pinned (one core)' };
  }
  if (!hasTaskset()) {
    return { server: null, client: null, note: 'not pinned (no taskset)' };
  }

  const server = [count - 1];
  const client = Array.from({ length: count - 1 }, (_, i) => i);
  // -a: every thread of this process, libuv's pool and V8's helpers too.
  const pinned = spawnSync('taskset', [
    '-a',
    '-p',
    '-c',
    client.join(','),
    String(process.pid),
  ]);
  if (pinned.status !== 0) {
    return { server: null, client: null, note: 'not pinned (taskset failed)' };
  }
  const note = `server on core ${server.join(',')}, client on ${client.join(',')}`;
  return { server, client, note };
}

function hasTaskset() {
  const probe = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * The soft and hard open-file limits of this process, as the shell reports
 * them (Node has no call for it); Infinity for `unlimited`.
 *
 * @returns {{ soft: number, hard: number }}
 */
export function fileLimits() {
  const shell = spawnSync('/bin/sh', ['-c', 'ulimit -Sn; ulimit -Hn'], {
    encoding: 'utf8',
  });
  const [soft = '', hard = ''] = shell.stdout.trim().split('\n');
  return { soft: parseLimit(soft), hard: parseLimit(hard) };
}

/** @param {string} text */
function parseLimit(text) {
  if (text.trim() === 'unlimited') return Number.POSITIVE_INFINITY;
  const value = Number(text);
  return Number.isFinite(value) ? value : 1024;
}

/**
 * The machine line of the report.
 *
 * @param {CorePlan} cores
 */
export function describeMachine(cores) {
  const first = cpus()[0];
  return {
    cpuModel: first === undefined ? 'unknown' : first.model.trim(),
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    pinning: cores.note,
    date: new Date().toISOString(),
  };
}
