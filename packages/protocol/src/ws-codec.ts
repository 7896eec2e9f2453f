import {
  isReservedEventName,
  isValidEventName,
  utf8ByteLength,
} from './names.js';
import { ProtocolEvent, RefusalCode } from './refusal-codes.js';

/** Correlation ids are opaque; older clients send numbers. */
export type CorrelationId = string | number;

/** A message a client sent, once decoded and checked. */
export type ClientMessage =
  | { kind: 'event'; event: string; data: unknown }
  | {
      kind: 'request';
      event: string;
      data: unknown;
      ackName: string;
      correlationId: CorrelationId;
    }
  | { kind: 'join'; room: unknown }
  | { kind: 'leave'; room: unknown }
  | { kind: 'pong' };

/** A message that could not be accepted, with the refusal to send back. */
export interface DecodeFailure {
  kind: 'invalid';
  code: typeof RefusalCode.INVALID_MESSAGE | typeof RefusalCode.INVALID_EVENT;
  reason: string;
  /** The event name, when the message got far enough to carry one. */
  event?: string;
  /** Set when the invalid message was a request, so it can be answered. */
  correlationId?: CorrelationId;
  ackName?: string;
}

/** A binary message a client sent. */
export interface BinaryClientMessage {
  kind: 'binary';
  event: string;
  payload: Uint8Array;
}

const BINARY_HEADER_PREFIX_BYTES = 4;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Builds the refusal for an invalid message. */
export function invalid(
  code: DecodeFailure['code'],
  reason: string,
  event?: string,
): DecodeFailure {
  return event === undefined
    ? { kind: 'invalid', code, reason }
    : { kind: 'invalid', code, reason, event };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCorrelationId(value: unknown): value is CorrelationId {
  return (
    (typeof value === 'string' && value.length > 0 && value.length <= 256) ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/**
 * Decodes one text frame into a client message, or says why it is invalid.
 * Never throws.
 */
export function decodeTextMessage(text: string): ClientMessage | DecodeFailure {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid(RefusalCode.INVALID_MESSAGE, 'message is not valid JSON');
  }
  if (!isPlainObject(parsed)) {
    return invalid(RefusalCode.INVALID_MESSAGE, 'message is not a JSON object');
  }

  return decodeEnvelope(
    parsed['event'],
    parsed['data'],
    parsed['_ackName'],
    parsed['_correlationId'],
  );
}

/**
 * Checks the parts of a client message, however they travelled (a JSON text
 * frame, or a TCP frame's fields), and says what the message is.
 */
export function decodeEnvelope(
  event: unknown,
  data: unknown,
  ackName: unknown,
  correlationId: unknown,
): ClientMessage | DecodeFailure {
  if (typeof event !== 'string') {
    return answerable(
      invalid(RefusalCode.INVALID_MESSAGE, 'message has no string event'),
      ackName,
      correlationId,
    );
  }
  if (!isValidEventName(event)) {
    return answerable(
      invalid(RefusalCode.INVALID_EVENT, 'event name is malformed'),
      ackName,
      correlationId,
    );
  }

  switch (event) {
    case ProtocolEvent.JOIN_ROOM:
      return { kind: 'join', room: data };
    case ProtocolEvent.LEAVE_ROOM:
      return { kind: 'leave', room: data };
    case ProtocolEvent.PONG:
      return { kind: 'pong' };
  }
  if (isReservedEventName(event)) {
    return answerable(
      invalid(RefusalCode.INVALID_EVENT, 'event name is reserved', event),
      ackName,
      correlationId,
    );
  }

  if (ackName === undefined && correlationId === undefined) {
    return { kind: 'event', event, data };
  }
  return decodeRequest(event, data, ackName, correlationId);
}

/**
 * Lets a refused message that carries a valid correlation id be answered, so
 * its sender's request fails at once instead of waiting out its timeout.
 */
function answerable(
  failure: DecodeFailure,
  ackName: unknown,
  correlationId: unknown,
): DecodeFailure {
  if (!isCorrelationId(correlationId)) return failure;
  const name = typeof ackName === 'string' ? ackName : failure.event;
  return name === undefined
    ? { ...failure, correlationId }
    : { ...failure, correlationId, ackName: name };
}

function decodeRequest(
  event: string,
  data: unknown,
  ackName: unknown,
  correlationId: unknown,
): ClientMessage | DecodeFailure {
  if (!isCorrelationId(correlationId)) {
    return invalid(
      RefusalCode.INVALID_MESSAGE,
      'request has no valid _correlationId',
      event,
    );
  }

  // A request without _ackName goes to the ack handler named like its event,
  // which is what the client's request(event, data) without ackName means.
  const name = ackName === undefined ? event : ackName;
  if (!isValidEventName(name) || isReservedEventName(name)) {
    return {
      ...invalid(RefusalCode.INVALID_EVENT, 'ack name is malformed', event),
      correlationId,
      ackName: typeof name === 'string' ? name : event,
    };
  }
  return { kind: 'request', event, data, ackName: name, correlationId };
}

/**
 * Decodes one binary frame: a u32 big-endian header length, a UTF-8 JSON
 * header `{"event":E}`, then the payload. Never throws. The payload is a view
 * into `frame`, not a copy.
 */
export function decodeBinaryMessage(
  frame: Uint8Array,
): BinaryClientMessage | DecodeFailure {
  if (frame.byteLength < BINARY_HEADER_PREFIX_BYTES) {
    return invalid(RefusalCode.INVALID_MESSAGE, 'binary header is short');
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = view.getUint32(0);
  const headerEnd = BINARY_HEADER_PREFIX_BYTES + headerLength;
  if (headerLength === 0 || headerEnd > frame.byteLength) {
    return invalid(RefusalCode.INVALID_MESSAGE, 'binary header overruns frame');
  }

  let header: unknown;
  try {
    const headerText = textDecoder.decode(
      frame.subarray(BINARY_HEADER_PREFIX_BYTES, headerEnd),
    );
    header = JSON.parse(headerText);
  } catch {
    return invalid(RefusalCode.INVALID_MESSAGE, 'binary header is not JSON');
  }
  if (!isPlainObject(header) || typeof header['event'] !== 'string') {
    return invalid(RefusalCode.INVALID_MESSAGE, 'binary header has no event');
  }

  const event = header['event'];
  if (!isValidEventName(event)) {
    return invalid(RefusalCode.INVALID_EVENT, 'event name is malformed');
  }
  if (isReservedEventName(event)) {
    return invalid(RefusalCode.INVALID_EVENT, 'event name is reserved', event);
  }
  return { kind: 'binary', event, payload: frame.subarray(headerEnd) };
}

/** Encodes an event message `{"event":E,"data":D}`; absent data is omitted. */
export function encodeEvent(event: string, data: unknown): string {
  const json = data === undefined ? undefined : JSON.stringify(data);
  return json === undefined
    ? `{"event":${JSON.stringify(event)}}`
    : `{"event":${JSON.stringify(event)},"data":${json}}`;
}

/** Encodes the reply to request `correlationId`. */
export function encodeAckReply(
  ackName: string,
  correlationId: CorrelationId,
  data: unknown,
): string {
  return JSON.stringify({
    event: ackName,
    data,
    _isAck: true,
    _correlationId: correlationId,
  });
}

/** Encodes an ack-style message without a correlation id (`ctx.ack`). */
export function encodeAck(name: string, data: unknown): string {
  return JSON.stringify({ event: name, data, _isAck: true });
}

/** Encodes a failed reply to request `correlationId`. */
export function encodeAckError(
  ackName: string,
  correlationId: CorrelationId,
  code: string,
  message: string,
): string {
  return JSON.stringify({
    event: ackName,
    _isAck: true,
    _correlationId: correlationId,
    error: { code, message },
  });
}

/** What a `stelar:error` refusal may name besides its code and message. */
export interface RefusalDetails {
  event?: string;
  room?: string;
}

/** Encodes a `stelar:error` refusal; the connection stays open. */
export function encodeRefusal(
  code: string,
  message: string,
  details: RefusalDetails = {},
): string {
  return JSON.stringify({
    event: ProtocolEvent.ERROR,
    data: { code, message, ...details },
  });
}

/**
 * Encodes a binary message: the u32 header length, the JSON header
 * `{"event":E,"_binary":true}`, then the payload bytes.
 */
export function encodeBinaryMessage(
  event: string,
  payload: Uint8Array,
): Uint8Array {
  const header = `{"event":${JSON.stringify(event)},"_binary":true}`;
  const headerLength = utf8ByteLength(header);
  const frame = new Uint8Array(
    BINARY_HEADER_PREFIX_BYTES + headerLength + payload.byteLength,
  );
  new DataView(frame.buffer).setUint32(0, headerLength);
  textEncoder.encodeInto(header, frame.subarray(BINARY_HEADER_PREFIX_BYTES));
  frame.set(payload, BINARY_HEADER_PREFIX_BYTES + headerLength);
  return frame;
}
