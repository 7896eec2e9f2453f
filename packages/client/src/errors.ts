import { StelarError, isStelarError } from '@stelar/common';

// One class for the server and the client: isStelarError() from either
// package recognises errors made by the other, which matters when one
// program holds both.
export { StelarError, isStelarError };
export type { StelarErrorOptions } from '@stelar/common';

/** The error codes the client itself defines. */
export const ClientErrorCode = {
  OPTIONS_INVALID: 'ERR_OPTIONS_INVALID',
  URL_INVALID: 'ERR_CLIENT_URL_INVALID',
  NODE_ONLY: 'ERR_CLIENT_NODE_ONLY',
  DATA_INVALID: 'ERR_CLIENT_DATA_INVALID',
  EMIT_CANCELLED: 'ERR_CLIENT_EMIT_CANCELLED',
  QUEUE_FULL: 'ERR_CLIENT_QUEUE_FULL',
  HANDSHAKE_REFUSED: 'ERR_CLIENT_HANDSHAKE_REFUSED',
  CONNECTION_FAILED: 'ERR_CLIENT_CONNECTION_FAILED',
  PAYLOAD_TOO_LARGE: 'ERR_CLIENT_PAYLOAD_TOO_LARGE',
  MESSAGE_INVALID: 'ERR_CLIENT_MESSAGE_INVALID',
  SERVER_ERROR: 'ERR_CLIENT_SERVER_ERROR',
  LISTENER_INVALID: 'ERR_CLIENT_LISTENER_INVALID',
} as const;

/** One of {@link ClientErrorCode}. */
export type ClientErrorCode =
  (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** What each client error code means, for the registry test and the README. */
export const CLIENT_ERROR_MESSAGES: Record<
  keyof typeof ClientErrorCode,
  string
> = {
  OPTIONS_INVALID: 'the options failed validation',
  URL_INVALID:
    'the URL is not a host:port, ws://, wss://, tcp:// or tls:// URL, or a port',
  NODE_ONLY: 'a Node.js-only feature was used in a browser',
  DATA_INVALID: 'the data cannot be sent (not JSON-serialisable, not bytes)',
  EMIT_CANCELLED: 'the onBeforeEmit hook cancelled the request',
  QUEUE_FULL: 'the offline queue was full and dropped the message',
  HANDSHAKE_REFUSED:
    'the server refused the connection at admission (an HTTP status, or a TCP ERROR frame)',
  CONNECTION_FAILED: 'the connection could not be opened or failed',
  PAYLOAD_TOO_LARGE: 'the server sent a message over maxPayloadSize',
  MESSAGE_INVALID: 'the server sent a message the protocol does not allow',
  SERVER_ERROR: 'the server sent an error message ({"event":"error"})',
  LISTENER_INVALID: 'a listener or callback is not a function',
};
