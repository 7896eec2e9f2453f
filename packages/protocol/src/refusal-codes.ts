/**
 * The codes carried by `stelar:error` messages and failed request replies.
 * They are part of the wire contract: never rename one.
 */
export const RefusalCode = {
  INVALID_MESSAGE: 'INVALID_MESSAGE',
  INVALID_EVENT: 'INVALID_EVENT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  REJECTED: 'REJECTED',
  JOIN_REJECTED: 'JOIN_REJECTED',
  LEAVE_REJECTED: 'LEAVE_REJECTED',
  MAX_ROOMS: 'MAX_ROOMS',
  MAX_ROOMS_PER_CLIENT: 'MAX_ROOMS_PER_CLIENT',
  NO_HANDLER: 'NO_HANDLER',
  HANDLER_ERROR: 'HANDLER_ERROR',
  SCHEMA: 'SCHEMA',
  TIMEOUT: 'TIMEOUT',
  DISCONNECTED: 'DISCONNECTED',
} as const;

/** One of the refusal codes of the wire protocol. */
export type RefusalCode = (typeof RefusalCode)[keyof typeof RefusalCode];

/** WebSocket close codes the server uses. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
} as const;

/** Version of the protocol announced in the welcome message. */
export const PROTOCOL_VERSION = 1;

/** Event names the protocol defines. */
export const ProtocolEvent = {
  WELCOME: 'stelar:welcome',
  ERROR: 'stelar:error',
  JOIN_ROOM: 'join-room',
  LEAVE_ROOM: 'leave-room',
  JOINED_ROOM: 'joined-room',
  LEFT_ROOM: 'left-room',
  PONG: 'pong',
} as const;
