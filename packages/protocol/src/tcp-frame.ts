import { utf8ByteLength } from './names.js';

/** Bytes before a TCP frame's event name: length, type, event length. */
export const FRAME_HEADER_BYTES = 7;

/** Longest event field a frame can carry (its length is a u16). */
export const MAX_FRAME_EVENT_BYTES = 0xffff;

/** The type codes of TCP frames. */
export const FrameType = {
  JSON: 0x01,
  BINARY: 0x02,
  PING: 0x03,
  PONG: 0x04,
  ACK_REQ: 0x05,
  ACK_RES: 0x06,
  CONNECT: 0x07,
  DISCONNECT: 0x08,
  JOIN: 0x09,
  LEAVE: 0x0a,
  ERROR: 0x0b,
} as const;

/** One of {@link FrameType}. */
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

/** A decoded TCP frame. `payload` may be a view into the received bytes. */
export interface Frame {
  type: number;
  event: string;
  payload: Uint8Array;
  /** The whole frame's length in bytes, header included. */
  size: number;
}

const textEncoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/**
 * Encodes one TCP frame. A string payload is written as UTF-8 straight into
 * the frame, so JSON is encoded once with no intermediate buffer.
 */
export function encodeFrame(
  type: FrameType,
  event: string,
  payload: Uint8Array | string = EMPTY,
): Uint8Array {
  const eventBytes = utf8ByteLength(event);
  if (eventBytes > MAX_FRAME_EVENT_BYTES) {
    throw new RangeError(`event field of ${eventBytes} bytes exceeds 65535`);
  }
  const payloadBytes =
    typeof payload === 'string' ? utf8ByteLength(payload) : payload.byteLength;
  const size = FRAME_HEADER_BYTES + eventBytes + payloadBytes;
  const frame = new Uint8Array(size);
  const view = new DataView(frame.buffer);
  view.setUint32(0, size);
  view.setUint8(4, type);
  view.setUint16(5, eventBytes);
  textEncoder.encodeInto(event, frame.subarray(FRAME_HEADER_BYTES));

  const payloadStart = FRAME_HEADER_BYTES + eventBytes;
  if (typeof payload === 'string') {
    textEncoder.encodeInto(payload, frame.subarray(payloadStart));
  } else {
    frame.set(payload, payloadStart);
  }
  return frame;
}
