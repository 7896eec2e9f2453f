// The shape every workload has, for the runner and the report.

/**
 * @typedef {object} Metric
 * @property {string} key The field of a run's result.
 * @property {string} label The column heading.
 * @property {number} digits Decimals printed.
 * @property {boolean} [headline] Compared across servers in the ratios.
 * @property {boolean} [worst] Summarised by its worst (largest) value over
 *   the repeats rather than the median: one lost delivery is one too many.
 */

/**
 * @template Config
 * @typedef {object} Workload
 * @property {string} id `W1` to `W4`, as `--only` names it.
 * @property {string} title
 * @property {(config: Config) => string} describe One line for the report.
 * @property {Metric[]} metrics
 * @property {(config: Config) => number} connections Connections open at
 *   once, for the file-descriptor check.
 * @property {(
 *   server: import('../server-process.mjs').ServerProcess,
 *   adapter: import('../adapters.mjs').ProtocolAdapter,
 *   config: Config,
 * ) => Promise<Record<string, number>>} run
 */

export {};
