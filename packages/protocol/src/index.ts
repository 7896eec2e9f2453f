export {
  MAX_NAME_BYTES,
  RESERVED_EVENTS,
  RESERVED_PREFIX,
  isReservedEventName,
  isValidEventName,
  isValidRoomName,
  utf8ByteLength,
} from './names.js';
export {
  CloseCode,
  PROTOCOL_VERSION,
  ProtocolEvent,
  RefusalCode,
} from './refusal-codes.js';
export {
  decodeBinaryMessage,
  decodeTextMessage,
  encodeAck,
  encodeAckError,
  encodeAckReply,
  encodeBinaryMessage,
  encodeEvent,
  encodeRefusal,
} from './ws-codec.js';
export type {
  BinaryClientMessage,
  ClientMessage,
  CorrelationId,
  DecodeFailure,
  RefusalDetails,
} from './ws-codec.js';
export {
  FRAME_HEADER_BYTES,
  FrameType,
  MAX_FRAME_EVENT_BYTES,
  encodeFrame,
} from './tcp-frame.js';
export type { Frame } from './tcp-frame.js';
export { FrameDecoder, FrameError } from './frame-decoder.js';
export {
  decodeClientFrame,
  encodeAckErrorFrame,
  encodeAckFrame,
  encodeAckReplyFrame,
  encodeBinaryFrame,
  encodeEventFrame,
  encodeRefusalFrame,
} from './tcp-messages.js';
export { decodeEnvelope } from './ws-codec.js';
