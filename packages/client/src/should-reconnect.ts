import { RefusalCode } from '@stelar/protocol';

/** How a connection ended, as far as the reconnection rules care. */
export interface LinkEnd {
  /** The last `stelar:error` code the server sent on this connection. */
  refusalCode: string | null;
  /**
   * The HTTP status of a refused handshake (Node.js only), or of the same
   * refusal made with a TCP ERROR frame.
   */
  httpStatus: number | null;
}

/**
 * Tells whether a close the client did not ask for allows a reconnection
 * (PROTOCOL.md, "Clients and closes"). Everything comes back (1001 restart,
 * 1006, 1011, 1013, a 1008 after RATE_LIMITED, a refused handshake that
 * says "later") except a middleware rejection and a 403: those would only
 * be refused again.
 */
export function shouldReconnect(end: LinkEnd): boolean {
  if (end.httpStatus === 403) return false;
  return end.refusalCode !== RefusalCode.REJECTED;
}
