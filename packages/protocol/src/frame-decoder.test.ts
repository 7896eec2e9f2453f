import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, FrameError } from './frame-decoder.js';
import { FrameType, encodeFrame, type Frame } from './tcp-frame.js';

const MAX = 64 * 1024;

interface FrameSpec {
  type: FrameType;
  event: string;
  payload: Uint8Array;
}

const frameSpec: fc.Arbitrary<FrameSpec> = fc.record({
  type: fc.constantFrom(...Object.values(FrameType)),
  event: fc.string({ maxLength: 40 }),
  payload: fc.uint8Array({ maxLength: 300 }),
});

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.byteLength + 1)))];
  points.sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

function plain(frame: Frame): object {
  return { type: frame.type, event: frame.event, payload: [...frame.payload] };
}

describe('FrameDecoder', () => {
  describe('push()', () => {
    it('decodes any sequence of frames however the stream is cut', () => {
      fc.assert(
        fc.property(
          fc.array(frameSpec, { maxLength: 20 }),
          fc.array(fc.nat(), { maxLength: 30 }),
          (specs, cuts) => {
            const stream = concat(
              specs.map((s) => encodeFrame(s.type, s.event, s.payload)),
            );
            const decoder = new FrameDecoder(MAX);
            const frames = split(stream, cuts).flatMap((piece) =>
              decoder.push(piece),
            );
            expect(frames.map(plain)).toEqual(
              specs.map((s) => ({
                type: s.type,
                event: s.event,
                payload: [...s.payload],
              })),
            );
            expect(decoder.bufferedBytes).toBe(0);
          },
        ),
      );
    });

    it('either decodes any bytes or fails with a FrameError', () => {
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }),
          (chunks) => {
            const decoder = new FrameDecoder(1024);
            try {
              for (const chunk of chunks) decoder.push(chunk);
            } catch (error) {
              expect(error).toBeInstanceOf(FrameError);
            }
            expect(decoder.bufferedBytes).toBeLessThanOrEqual(64 * 10);
          },
        ),
      );
    });

    it('refuses a declared length over the limit before its body arrives', () => {
      const decoder = new FrameDecoder(100);
      const header = new Uint8Array([0, 0, 1, 0, FrameType.JSON, 0, 0]);
      expect(() => decoder.push(header)).toThrowError(
        expect.objectContaining({ code: 'ERR_TCP_FRAME_TOO_LARGE' }),
      );
    });

    it('refuses a frame shorter than its header', () => {
      const decoder = new FrameDecoder(100);
      expect(() => decoder.push(new Uint8Array([0, 0, 0, 3]))).toThrowError(
        expect.objectContaining({ code: 'ERR_TCP_FRAME_TOO_SHORT' }),
      );
    });

    it('refuses an event length that overruns the frame', () => {
      const decoder = new FrameDecoder(100);
      const frame = new Uint8Array([0, 0, 0, 8, FrameType.JSON, 0, 5, 65]);
      expect(() => decoder.push(frame)).toThrowError(
        expect.objectContaining({ code: 'ERR_TCP_FRAME_EVENT_OVERRUN' }),
      );
    });

    it('hands over the frames completed before a fault with its error', () => {
      const decoder = new FrameDecoder(100);
      const good = encodeFrame(FrameType.JSON, 'e', '1');
      const bad = new Uint8Array([0, 0, 0, 3]);
      const stream = new Uint8Array(good.byteLength + bad.byteLength);
      stream.set(good);
      stream.set(bad, good.byteLength);
      let caught: unknown;
      try {
        decoder.push(stream);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(FrameError);
      const frames = (caught as FrameError).frames;
      expect(frames.map((f) => f.event)).toEqual(['e']);
    });

    it('copies a 10 MiB frame arriving in 16 KiB chunks exactly once', () => {
      const size = 10 * 1024 * 1024;
      const frame = encodeFrame(FrameType.BINARY, 'big', new Uint8Array(size));
      const decoder = new FrameDecoder(size + 100);
      const frames: Frame[] = [];
      for (let at = 0; at < frame.byteLength; at += 16 * 1024) {
        frames.push(...decoder.push(frame.subarray(at, at + 16 * 1024)));
      }
      expect(frames).toHaveLength(1);
      expect(frames[0]!.payload.byteLength).toBe(size);
      expect(decoder.bytesCopied).toBe(frame.byteLength);
    });

    it('decodes 100,000 frames in one chunk without copying', () => {
      const one = encodeFrame(FrameType.JSON, 'e', '1');
      const stream = new Uint8Array(one.byteLength * 100_000);
      for (let i = 0; i < 100_000; i++) stream.set(one, i * one.byteLength);
      const decoder = new FrameDecoder(MAX);
      const frames = decoder.push(stream);
      expect(frames).toHaveLength(100_000);
      expect(decoder.bytesCopied).toBe(0);
      expect(frames[99_999]!.event).toBe('e');
    });
  });
});
