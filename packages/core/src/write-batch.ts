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
  if (stream.writableCorked === 0) {
    stream.cork();
    corked.push(stream);
    if (!flushScheduled) {
      flushScheduled = true;
      process.nextTick(flushBatches);
    }
  }
  stream.write(bytes);
}

function flushBatches(): void {
  flushScheduled = false;
  const streams = corked.splice(0);
  for (const stream of streams) stream.uncork();
}
