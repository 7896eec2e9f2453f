// Turns the runs into what a reader compares: per workload, a table of
// median and spread per server; then the ratios of the headline figures.
import { summarize } from './stats.mjs';

/**
 * @typedef {import('./workloads/workload.mjs').Metric} Metric
 * @typedef {{ median: number, min: number, max: number }} Spread
 */

/**
 * One run of a workload on a server: its figures, or why it failed.
 *
 * @typedef {object} Run
 * @property {number} repeat
 * @property {Record<string, number>} [result]
 * @property {string} [error]
 */

/**
 * Median, minimum and maximum of every metric over one server's successful
 * runs; a `worst` metric keeps its largest value as the median too.
 *
 * @param {Metric[]} metrics
 * @param {Run[]} runs
 * @returns {Record<string, Spread>}
 */
export function summarizeRuns(metrics, runs) {
  /** @type {Record<string, Spread>} */
  const summary = {};
  for (const metric of metrics) {
    const spread = summarize(valuesOf(runs, metric.key));
    summary[metric.key] =
      metric.worst === true ? { ...spread, median: spread.max } : spread;
  }
  return summary;
}

/**
 * The ratio `subject / other` of a metric, taken within each repeat (the
 * two ran back to back, so they share the machine's mood) and then
 * summarised over the repeats.
 *
 * @param {Run[]} subject
 * @param {Run[]} other
 * @param {string} key
 * @returns {Spread}
 */
export function ratioOverRepeats(subject, other, key) {
  const ratios = [];
  for (const run of subject) {
    const mine = run.result?.[key];
    const theirs = other.find((o) => o.repeat === run.repeat)?.result?.[key];
    if (mine === undefined || theirs === undefined || theirs === 0) continue;
    ratios.push(mine / theirs);
  }
  return summarize(ratios);
}

/**
 * @param {Run[]} runs
 * @param {string} key
 */
function valuesOf(runs, key) {
  const values = [];
  for (const run of runs) {
    const value = run.result?.[key];
    if (value !== undefined) values.push(value);
  }
  return values;
}

/**
 * @param {number} value
 * @param {number} digits
 */
export function formatNumber(value, digits) {
  if (!Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * `median (min–max)`; just the value when the spread is nil, a dash when
 * there is no value.
 *
 * @param {Spread} spread
 * @param {number} digits
 * @param {boolean} worst
 */
export function formatSpread(spread, digits, worst) {
  const median = formatNumber(spread.median, digits);
  if (!Number.isFinite(spread.median)) return median;
  if (worst || spread.min === spread.max) return median;
  return `${median} (${formatNumber(spread.min, digits)}–${formatNumber(spread.max, digits)})`;
}

/**
 * Lays rows out in columns: the first left-aligned, the others right.
 *
 * @param {string[][]} rows The heading row first.
 * @returns {string}
 */
export function formatTable(rows) {
  /** @type {number[]} */
  const widths = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = ' '.repeat((widths[i] ?? 0) - [...cell].length);
          return i === 0 ? cell + pad : pad + cell;
        })
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The table of one workload: a row per server, a column per metric.
 *
 * @param {Metric[]} metrics
 * @param {string[]} servers
 * @param {Record<string, Run[]>} runs
 * @returns {string}
 */
export function workloadTable(metrics, servers, runs) {
  const rows = [['server', ...metrics.map((m) => m.label), 'runs']];
  for (const server of servers) {
    const serverRuns = runs[server] ?? [];
    const summary = summarizeRuns(metrics, serverRuns);
    const ok = serverRuns.filter((run) => run.result !== undefined).length;
    rows.push([
      server,
      ...metrics.map((m) => {
        const spread = summary[m.key];
        return spread === undefined
          ? '-'
          : formatSpread(spread, m.digits, m.worst === true);
      }),
      `${ok}/${serverRuns.length}`,
    ]);
  }
  return formatTable(rows);
}
