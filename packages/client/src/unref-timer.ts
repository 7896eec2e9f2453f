/**
 * Lets a Node.js timer not keep the process alive; in a browser, where
 * timers are plain numbers, does nothing. Feature detection keeps this file
 * free of Node.js imports.
 */
export function unrefTimer<T>(timer: T): T {
  const handle = timer as { unref?: () => unknown };
  if (typeof handle.unref === 'function') handle.unref();
  return timer;
}
