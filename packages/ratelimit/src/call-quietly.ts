/**
 * Runs a user's callback whose failure must not reach the caller: a throw is
 * caught and a rejected promise gets a handler, so neither can surface as an
 * exception or an `unhandledRejection` that ends the process.
 */
export function callQuietly(run: () => unknown): void {
  try {
    const result = run();
    if (isThenable(result)) result.then(undefined, ignore);
  } catch {
    // The callback belongs to the user and this package has no logger: its
    // owner reports its failures, and ours is only to stay up.
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function ignore(): void {}
