import type { MessageCodec } from '@stelar/core';
import {
  encodeAck,
  encodeAckError,
  encodeAckReply,
  encodeBinaryMessage,
  encodeEvent,
  encodeRefusal,
} from '@stelar/protocol';
import { WsFrame } from './ws-frame.js';

/** Encodes the kernel's messages as the WebSocket protocol's frames. */
export const wsCodec: MessageCodec<WsFrame> = {
  event: (event, data) => WsFrame.text(encodeEvent(event, data)),
  binary: (event, payload) =>
    WsFrame.binary(encodeBinaryMessage(event, payload)),
  ack: (name, data) => WsFrame.text(encodeAck(name, data)),
  ackReply: (name, correlationId, data) =>
    WsFrame.text(encodeAckReply(name, correlationId, data)),
  ackError: (name, correlationId, code, message) =>
    WsFrame.text(encodeAckError(name, correlationId, code, message)),
  refusal: (code, message, details) =>
    WsFrame.text(encodeRefusal(code, message, details)),
};
