// Runs many asynchronous tasks with a cap on how many are in flight.

/**
 * How many tasks rejected, and the first reason, to say why in the report.
 *
 * @typedef {object} Failures
 * @property {number} failed
 * @property {string | null} firstError
 */

/**
 * Calls `task(i)` for every i below `count`, at most `limit` at a time, and
 * resolves with the tasks that rejected. Every task must settle by itself
 * (the clients' own timeouts see to that), so this loop is bounded too.
 *
 * @param {number} count
 * @param {number} limit
 * @param {(index: number) => Promise<unknown>} task
 * @returns {Promise<Failures>}
 */
export async function runBounded(count, limit, task) {
  let next = 0;
  let failed = 0;
  /** @type {string | null} */
  let firstError = null;

  async function lane() {
    while (next < count) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failed++;
        firstError ??= String(/** @type {Error} */ (error).message);
      }
    }
  }

  const lanes = [];
  for (let i = 0; i < Math.min(limit, count); i++) lanes.push(lane());
  await Promise.all(lanes);
  return { failed, firstError };
}
