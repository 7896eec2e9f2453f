/** The signals `gracefulShutdown` answers. */
const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

type SignalListener = (signal: NodeJS.Signals) => void;

/** Listens for SIGINT and SIGTERM. */
export function addShutdownListener(listener: SignalListener): void {
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, listener);
}

/** Stops listening for SIGINT and SIGTERM. */
export function removeShutdownListener(listener: SignalListener): void {
  for (const signal of SHUTDOWN_SIGNALS) {
    process.removeListener(signal, listener);
  }
}

/**
 * Stops begun by a signal and not yet done, across every server of this
 * process: each server removes its listener when its stop begins, so the
 * listener count alone would let the fastest server end the process while
 * another one still waits for its clients.
 */
let stopsOnSignal = 0;

/** Notes that a server began to stop because of a signal. */
export function beginStopOnSignal(): void {
  stopsOnSignal++;
}

/**
 * Raises `signal` again once the last server has stopped, so the process
 * ends as it would have without the library; a user's own listener keeps
 * the choice.
 */
export function endStopOnSignal(signal: NodeJS.Signals): void {
  stopsOnSignal--;
  if (stopsOnSignal > 0 || process.listenerCount(signal) > 0) return;
  process.kill(process.pid, signal);
}
