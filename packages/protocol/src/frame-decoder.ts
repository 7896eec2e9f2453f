import { FRAME_HEADER_BYTES, type Frame } from './tcp-frame.js';

/** Why a TCP stream cannot be read further; the connection must close. */
export class FrameError extends Error {
  readonly code:
    | 'ERR_TCP_FRAME_TOO_SHORT'
    | 'ERR_TCP_FRAME_TOO_LARGE'
    | 'ERR_TCP_FRAME_EVENT_OVERRUN';
  /**
   * The frames that came complete before the fault in the same `push`. They
   * are valid and were sent first, so the caller handles them before it
   * closes: what the server does must not depend on how bytes were cut.
   */
  frames: Frame[] = [];

  constructor(code: FrameError['code'], message: string) {
    super(message);
    this.name = 'FrameError';
    this.code = code;
  }
}

const LENGTH_BYTES = 4;
const textDecoder = new TextDecoder();

type DecoderState = 'length' | 'body' | 'failed';

/**
 * A streaming decoder of TCP frames. Bytes are kept as the chunks they came
 * in; a frame that lies inside one chunk is handed out as a view of it, and
 * one that spans chunks is copied once into its own buffer. So the work is
 * linear in the bytes received, however they are cut. A declared length is
 * checked against the limit before any of its body is buffered.
 */
export class FrameDecoder {
  /** Bytes copied so far, for tests that check the decoder stays linear. */
  bytesCopied = 0;

  private readonly maxFrameSize: number;
  private chunks: Uint8Array[] = [];
  private head = 0;
  private offset = 0;
  private buffered = 0;
  private state: DecoderState = 'length';
  private frameLength = 0;

  constructor(maxFrameSize: number) {
    this.maxFrameSize = maxFrameSize;
  }

  /** Bytes received and not yet part of a complete frame. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /**
   * Takes the next bytes of the stream and returns the frames they complete.
   *
   * @throws FrameError when the stream breaks the framing rules; the decoder
   * refuses further input after that.
   */
  push(chunk: Uint8Array): Frame[] {
    if (this.state === 'failed') {
      throw new FrameError('ERR_TCP_FRAME_TOO_SHORT', 'decoder already failed');
    }
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.byteLength;
    }

    const frames: Frame[] = [];
    try {
      for (;;) {
        const frame =
          this.state === 'length' ? this.readLength() : this.readBody();
        if (frame === null) break;
        if (frame !== undefined) frames.push(frame);
      }
    } catch (error) {
      (error as FrameError).frames = frames;
      throw error;
    }
    this.compact();
    return frames;
  }

  /** Reads a frame's declared length; null when more bytes are needed. */
  private readLength(): undefined | null {
    if (this.buffered < LENGTH_BYTES) return null;
    const length = this.peekUint32();
    if (length < FRAME_HEADER_BYTES) {
      this.fail('ERR_TCP_FRAME_TOO_SHORT', `frame length ${length} is below 7`);
    }
    if (length > this.maxFrameSize) {
      this.fail(
        'ERR_TCP_FRAME_TOO_LARGE',
        `frame length ${length} exceeds maxFrameSize ${this.maxFrameSize}`,
      );
    }
    this.frameLength = length;
    this.state = 'body';
    return undefined;
  }

  /** Cuts out a whole frame once it has arrived; null while it has not. */
  private readBody(): Frame | null {
    if (this.buffered < this.frameLength) return null;
    const bytes = this.take(this.frameLength);
    this.state = 'length';
    return parseFrame(bytes, (message) =>
      this.fail('ERR_TCP_FRAME_EVENT_OVERRUN', message),
    );
  }

  private fail(code: FrameError['code'], message: string): never {
    this.state = 'failed';
    this.chunks = [];
    this.buffered = 0;
    throw new FrameError(code, message);
  }

  private peekUint32(): number {
    let value = 0;
    let chunkIndex = this.head;
    let at = this.offset;
    for (let i = 0; i < LENGTH_BYTES; i++) {
      let chunk = this.chunks[chunkIndex]!;
      while (at >= chunk.byteLength) {
        chunk = this.chunks[++chunkIndex]!;
        at = 0;
      }
      value = value * 256 + chunk[at++]!;
    }
    return value;
  }

  /**
   * Removes `length` bytes from the front: a view when they lie in one
   * chunk, otherwise one copy into a buffer of exactly that size.
   */
  private take(length: number): Uint8Array {
    this.buffered -= length;
    const first = this.chunks[this.head]!;
    const available = first.byteLength - this.offset;
    if (available >= length) {
      const view = first.subarray(this.offset, this.offset + length);
      this.advance(length, available);
      return view;
    }

    const out = new Uint8Array(length);
    let written = 0;
    while (written < length) {
      const chunk = this.chunks[this.head]!;
      const left = chunk.byteLength - this.offset;
      const count = Math.min(left, length - written);
      out.set(chunk.subarray(this.offset, this.offset + count), written);
      written += count;
      this.advance(count, left);
    }
    this.bytesCopied += length;
    return out;
  }

  private advance(count: number, leftInChunk: number): void {
    if (count === leftInChunk) {
      this.chunks[this.head] = EMPTY_CHUNK;
      this.head++;
      this.offset = 0;
    } else {
      this.offset += count;
    }
  }

  /** Drops consumed chunks, so the array does not grow with the stream. */
  private compact(): void {
    if (this.head === 0) return;
    this.chunks = this.chunks.slice(this.head);
    this.head = 0;
  }
}

const EMPTY_CHUNK = new Uint8Array(0);

function parseFrame(
  bytes: Uint8Array,
  fail: (message: string) => never,
): Frame {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint8(4);
  const eventLength = view.getUint16(5);
  const payloadStart = FRAME_HEADER_BYTES + eventLength;
  if (payloadStart > bytes.byteLength) {
    fail(
      `event length ${eventLength} overruns a frame of ${bytes.byteLength} bytes`,
    );
  }
  const event =
    eventLength === 0
      ? ''
      : textDecoder.decode(bytes.subarray(FRAME_HEADER_BYTES, payloadStart));
  return {
    type,
    event,
    payload: bytes.subarray(payloadStart),
    size: bytes.byteLength,
  };
}
