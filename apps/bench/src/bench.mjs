// The benchmark: starts each server under test as its own process, drives
// it with the same raw `ws` load client, and prints per workload the median
// and spread over the repeats, then the ratios between servers.
//
//   node src/bench.mjs [--quick] [--only=W1,W2] [--servers=stelar,ws] [--repeats=N]
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ADAPTERS } from './adapters.mjs';
import { describeMachine, fileLimits, planCores } from './machine.mjs';
import { USAGE, parseOptions } from './options.mjs';
import {
  formatSpread,
  formatTable,
  ratioOverRepeats,
  summarizeRuns,
  workloadTable,
} from './report.mjs';
import { ServerProcess } from './server-process.mjs';
import { connectRate } from './workloads/connect-rate.mjs';
import { fanOut } from './workloads/fan-out.mjs';
import { idleMemory } from './workloads/idle-memory.mjs';
import { requestAck } from './workloads/request-ack.mjs';

/** @type {Record<string, import('./workloads/workload.mjs').Workload<any>>} */
const WORKLOADS = {
  W1: fanOut,
  W2: requestAck,
  W3: idleMemory,
  W4: connectRate,
};
const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));
/** Descriptors beyond the connections: node, the servers' pipes, slack. */
const FILE_HEADROOM = 512;
/** Set in the re-executed process, so raising the limit happens once. */
const RAISED_ENV = 'STELAR_BENCH_FILE_LIMIT_RAISED';

/**
 * @typedef {import('./report.mjs').Run} Run
 * @typedef {import('./options.mjs').BenchOptions} BenchOptions
 * @typedef {ReturnType<typeof describeMachine>} Machine
 */

await main();

async function main() {
  /** @type {ReturnType<typeof parseOptions>} */
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${/** @type {Error} */ (error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const fit = await fitFileLimit(options);
  if (fit === 'reexecuted') return;

  const cores = planCores();
  const machine = describeMachine(cores);
  print(header(machine, options));
  if (fit !== null) print(fit);

  const startedAt = performance.now();
  const workloads = [];
  for (const id of options.workloads) {
    workloads.push(await runWorkload(id, options, cores.server));
  }
  const ratios = ratioReport(workloads, options.servers);
  if (ratios !== '') print(ratios);

  const totalSeconds = (performance.now() - startedAt) / 1000;
  const file = await saveResults({
    machine,
    mode: options.quick ? 'quick' : 'full',
    repeats: options.repeats,
    servers: options.servers,
    sizes: options.sizes,
    totalSeconds,
    workloads,
  });
  print(`\n${totalSeconds.toFixed(0)} s in all; results in ${file}`);

  const problems = problemsOf(workloads);
  if (problems.length > 0) {
    print(`\nPROBLEMS:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exitCode = 1;
  }
}

/**
 * The run's first lines: mode, and the machine the figures belong to.
 *
 * @param {Machine} machine
 * @param {BenchOptions} options
 */
function header(machine, options) {
  const mode = options.quick ? 'quick' : 'full';
  return (
    `stelar-time-real benchmark (${mode}, ${options.repeats} repeats)\n` +
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ` +
    `${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}; ` +
    `${machine.pinning}; ${machine.date}`
  );
}

/**
 * Runs one workload `repeats` times against every server, the servers
 * interleaved and their order rotated each repeat, so a slow stretch of a
 * shared machine falls on all of them alike.
 *
 * @param {string} id
 * @param {BenchOptions} options
 * @param {number[] | null} serverCpus
 */
async function runWorkload(id, options, serverCpus) {
  const workload = WORKLOADS[id];
  if (workload === undefined) throw new Error(`unknown workload ${id}`);
  const config = options.sizes[/** @type {'W1'} */ (id)];
  const description = workload.describe(config);
  print(`\n${id} ${workload.title}: ${description}`);

  /** @type {Record<string, Run[]>} */
  const runs = Object.fromEntries(options.servers.map((s) => [s, []]));
  for (let repeat = 1; repeat <= options.repeats; repeat++) {
    const shift = (repeat - 1) % options.servers.length;
    const order = [
      ...options.servers.slice(shift),
      ...options.servers.slice(0, shift),
    ];
    for (const server of order) {
      const run = await runOnce(workload, config, server, serverCpus, repeat);
      runs[server]?.push(run);
      progress(id, repeat, options.repeats, server, run);
    }
  }

  print(workloadTable(workload.metrics, options.servers, runs));
  /** @type {Record<string, Record<string, import('./report.mjs').Spread>>} */
  const summary = {};
  for (const server of options.servers) {
    summary[server] = summarizeRuns(workload.metrics, runs[server] ?? []);
  }
  return {
    id,
    title: workload.title,
    description,
    config,
    metrics: workload.metrics,
    runs,
    summary,
  };
}

/**
 * One server, freshly started, through one workload.
 *
 * @param {import('./workloads/workload.mjs').Workload<any>} workload
 * @param {unknown} config
 * @param {string} name
 * @param {number[] | null} serverCpus
 * @param {number} repeat
 * @returns {Promise<Run>}
 */
async function runOnce(workload, config, name, serverCpus, repeat) {
  const adapter = ADAPTERS[/** @type {'stelar'} */ (name)];
  /** @type {ServerProcess | null} */
  let server = null;
  try {
    server = await ServerProcess.start(
      /** @type {'stelar'} */ (name),
      serverCpus,
    );
    return { repeat, result: await workload.run(server, adapter, config) };
  } catch (error) {
    return { repeat, error: /** @type {Error} */ (error).message };
  } finally {
    await server?.stop();
  }
}

/**
 * @param {string} id
 * @param {number} repeat
 * @param {number} repeats
 * @param {string} server
 * @param {Run} run
 */
function progress(id, repeat, repeats, server, run) {
  const outcome =
    run.result === undefined
      ? `error: ${run.error}`
      : Object.entries(run.result)
          .map(([key, value]) => `${key}=${Number(value.toPrecision(4))}`)
          .join(' ');
  process.stderr.write(
    `  ${id} ${repeat}/${repeats} ${server.padEnd(8)} ${outcome}\n`,
  );
}

/**
 * The ratios of every headline figure: the first server (stelar unless
 * `--servers` leaves it out) over each of the others.
 *
 * @param {Awaited<ReturnType<typeof runWorkload>>[]} workloads
 * @param {string[]} servers
 */
function ratioReport(workloads, servers) {
  const [subject, ...others] = servers;
  if (subject === undefined || others.length === 0) return '';
  const rows = [
    ['workload', 'figure', ...others.map((o) => `${subject} / ${o}`)],
  ];
  for (const workload of workloads) {
    for (const metric of workload.metrics) {
      if (metric.headline !== true) continue;
      rows.push([
        workload.id,
        metric.label,
        ...others.map((other) => {
          const ratio = ratioOverRepeats(
            workload.runs[subject] ?? [],
            workload.runs[other] ?? [],
            metric.key,
          );
          return formatSpread(ratio, 2, false);
        }),
      ]);
    }
  }
  if (rows.length === 1) return '';
  return (
    `\nRatios of server cost, within each repeat, then median (min–max); ` +
    `below 1 means ${subject} spends less\n${formatTable(rows)}`
  );
}

/**
 * Runs that failed and figures that must be zero but are not.
 *
 * @param {Awaited<ReturnType<typeof runWorkload>>[]} workloads
 */
function problemsOf(workloads) {
  const problems = [];
  for (const workload of workloads) {
    for (const [server, runs] of Object.entries(workload.runs)) {
      for (const run of runs) {
        if (run.error !== undefined) {
          problems.push(
            `${workload.id} ${server} repeat ${run.repeat}: ${run.error}`,
          );
        }
      }
      for (const metric of workload.metrics) {
        const worst = workload.summary[server]?.[metric.key]?.max ?? 0;
        if (metric.worst === true && worst > 0) {
          problems.push(
            `${workload.id} ${server}: ${metric.label} ${worst}, expected 0`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * Makes sure this process (and so every server it starts) may open as many
 * descriptors as the largest workload holds. When the soft limit is short
 * and the hard one allows, re-runs this command under `ulimit -n`; when the
 * hard one is short too, shrinks the workloads to fit and says so.
 *
 * @param {BenchOptions} options
 * @returns {Promise<string | null | 'reexecuted'>} A note for the report,
 *   null when nothing changed, or 'reexecuted' when the child did the run.
 */
async function fitFileLimit(options) {
  const needed =
    Math.max(...options.workloads.map((id) => connectionsOf(id, options))) +
    FILE_HEADROOM;
  const { soft, hard } = fileLimits();
  if (soft >= needed) {
    return process.env[RAISED_ENV] === '1'
      ? `note: open-file limit raised to ${soft} for this run`
      : null;
  }

  if (hard >= needed && process.env[RAISED_ENV] !== '1') {
    const script = `ulimit -n ${needed} && exec "$@"`;
    const argv = [
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ];
    const child = spawn('/bin/sh', ['-c', script, 'sh', ...argv], {
      stdio: 'inherit',
      env: { ...process.env, [RAISED_ENV]: '1' },
    });
    const code = await new Promise((resolve) =>
      child.on('exit', (c) => resolve(c ?? 1)),
    );
    process.exitCode = Number(code);
    return 'reexecuted';
  }

  const cap = Math.max(100, soft - FILE_HEADROOM);
  const sizes = structuredClone(options.sizes);
  sizes.W1.clients = Math.min(sizes.W1.clients, cap - 1);
  sizes.W3.connections = Math.min(sizes.W3.connections, cap);
  options.sizes = sizes;
  return `note: open-file limit ${soft} (hard ${hard}) is below ${needed}; workloads capped at ${cap} connections (raise it with ulimit -n)`;
}

/**
 * @param {string} id
 * @param {BenchOptions} options
 */
function connectionsOf(id, options) {
  const workload = WORKLOADS[id];
  return workload === undefined
    ? 0
    : workload.connections(options.sizes[/** @type {'W1'} */ (id)]);
}

/**
 * Writes the whole run as JSON; a quick run's file is marked as such (and
 * left out of git), so only full runs are kept as results.
 *
 * @param {Record<string, unknown> & { mode: string, machine: Machine }} results
 */
async function saveResults(results) {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = results.machine.date.replace(/:/g, '-').replace(/\..*$/, '');
  const suffix = results.mode === 'quick' ? '-quick' : '';
  const file = `${RESULTS_DIR}${stamp}${suffix}.json`;
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

/** @param {string} text */
function print(text) {
  process.stdout.write(`${text}\n`);
}
