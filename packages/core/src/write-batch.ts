import type { Writable } from 'node:stream';

const corked: Writable[] = [];
let flushScheduled = false;

/**
 * Writes `bytes` to `stream`, batching every write a stream gets within one
 * tick into a single system call: the stream is corked on its first write
 * and uncorked once the tick's work is done. A fan-out of several messages
 * then costs each recipient one writev instead of one write per message.
 *
 * @internal Shared by the transports.
 */
export function batchWrite(stream: Writable, bytes: Uint8Array): void {
  if (stream.writableCorked === 0) corkUntilTick(stream);
  stream.write(bytes);
}

/**
 * Holds every write `stream` gets until the current tick's work is done,
 * then sends them in one system call.
 *
 * @internal Shared by the transports.
 */
export function corkUntilTick(stream: Writable): void {
  stream.cork();
  corked.push(stream);
  if (!flushScheduled) {
    flushScheduled = true;
    process.nextTick(flushBatches);
  }
}

function flushBatches(): void {
  flushScheduled = false;
  const streams = corked.splice(0);
  for (const stream of streams) stream.uncork();
}
