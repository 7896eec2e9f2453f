/** The error codes of `@stelar/transport-tcp`. */
export const TcpErrorCode = {
  LISTEN_FAILED: 'ERR_TCP_LISTEN_FAILED',
} as const;
