/** Rejects with a message naming `what` when `promise` takes over `ms`. */
export function within<T>(
  promise: Promise<T>,
  what: string,
  ms: number,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${ms} ms: ${what}`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `check` every few milliseconds until it holds; rejects after `ms`. */
export async function waitUntil(
  check: () => boolean,
  what: string,
  ms: number,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never true: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
