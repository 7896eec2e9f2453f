import { isReservedEventName, isValidEventName } from './names.js';
import { ProtocolEvent, RefusalCode } from './refusal-codes.js';
import { FrameType, encodeFrame, type Frame } from './tcp-frame.js';
import {
  decodeEnvelope,
  invalid,
  type BinaryClientMessage,
  type ClientMessage,
  type CorrelationId,
  type DecodeFailure,
  type RefusalDetails,
} from './ws-codec.js';

const textDecoder = new TextDecoder();
// Room names must be valid UTF-8: a broken sequence is refused rather than
// turned into replacement characters naming some other room.
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | null {
  if (bytes.byteLength === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(textDecoder.decode(bytes)) };
  } catch {
    return null;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a frame a TCP client sent into the message it carries. PING and PONG
 * are the transport's business and never reach this function.
 */
export function decodeClientFrame(
  frame: Frame,
): ClientMessage | BinaryClientMessage | DecodeFailure {
  switch (frame.type) {
    case FrameType.JSON:
      return decodeJsonFrame(frame);
    case FrameType.BINARY:
      return decodeBinaryFrame(frame);
    case FrameType.ACK_REQ:
      return decodeAckRequest(frame);
    case FrameType.JOIN:
      return membership('join', frame.payload);
    case FrameType.LEAVE:
      return membership('leave', frame.payload);
    default:
      return invalid(
        RefusalCode.INVALID_MESSAGE,
        `frame type ${frame.type} is not one a client sends`,
      );
  }
}

function membership(
  kind: 'join' | 'leave',
  payload: Uint8Array,
): ClientMessage | DecodeFailure {
  try {
    return { kind, room: strictDecoder.decode(payload) };
  } catch {
    return invalid(RefusalCode.INVALID_MESSAGE, 'room name is not UTF-8');
  }
}

function decodeJsonFrame(frame: Frame): ClientMessage | DecodeFailure {
  const parsed = parseJson(frame.payload);
  if (parsed === null) {
    return invalid(RefusalCode.INVALID_MESSAGE, 'payload is not valid JSON');
  }
  return decodeEnvelope(frame.event, parsed.value, undefined, undefined);
}

function decodeBinaryFrame(frame: Frame): BinaryClientMessage | DecodeFailure {
  const event = frame.event;
  if (!isValidEventName(event)) {
    return invalid(RefusalCode.INVALID_EVENT, 'event name is malformed');
  }
  if (isReservedEventName(event)) {
    return invalid(RefusalCode.INVALID_EVENT, 'event name is reserved', event);
  }
  return { kind: 'binary', event, payload: frame.payload };
}

function decodeAckRequest(frame: Frame): ClientMessage | DecodeFailure {
  const parsed = parseJson(frame.payload);
  if (parsed === null || !isPlainObject(parsed.value)) {
    return invalid(
      RefusalCode.INVALID_MESSAGE,
      'ACK_REQ payload is not a JSON object',
    );
  }
  const body = parsed.value;
  // The event field names the ack handler; the payload's event is the
  // application event, which defaults to the ack name.
  const event = body['event'] ?? frame.event;
  return decodeEnvelope(
    event,
    body['data'],
    frame.event,
    body['_correlationId'],
  );
}

function json(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

/** Encodes an event as a JSON frame; absent data leaves the payload empty. */
export function encodeEventFrame(event: string, data: unknown): Uint8Array {
  return encodeFrame(FrameType.JSON, event, json(data));
}

/** Encodes a binary event. */
export function encodeBinaryFrame(
  event: string,
  payload: Uint8Array,
): Uint8Array {
  return encodeFrame(FrameType.BINARY, event, payload);
}

/** Encodes the reply to request `correlationId` as an ACK_RES frame. */
export function encodeAckReplyFrame(
  ackName: string,
  correlationId: CorrelationId,
  data: unknown,
): Uint8Array {
  const body = JSON.stringify({ data, _correlationId: correlationId });
  return encodeFrame(FrameType.ACK_RES, ackName, body);
}

/** Encodes a failed reply to request `correlationId`. */
export function encodeAckErrorFrame(
  ackName: string,
  correlationId: CorrelationId,
  code: string,
  message: string,
): Uint8Array {
  const body = JSON.stringify({
    error: { code, message },
    _correlationId: correlationId,
  });
  return encodeFrame(FrameType.ACK_RES, ackName, body);
}

/** Encodes an ack-style message that answers no request (`ctx.ack`). */
export function encodeAckFrame(name: string, data: unknown): Uint8Array {
  return encodeFrame(FrameType.ACK_RES, name, JSON.stringify({ data }));
}

/** Encodes a `stelar:error` refusal as a JSON frame. */
export function encodeRefusalFrame(
  code: string,
  message: string,
  details: RefusalDetails = {},
): Uint8Array {
  const body = JSON.stringify({ code, message, ...details });
  return encodeFrame(FrameType.JSON, ProtocolEvent.ERROR, body);
}
