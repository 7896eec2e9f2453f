/**
 * Where a client stands. It is `connected` from the server's welcome until
 * the connection ends, `reconnecting` from an unasked close until the next
 * welcome (backoff waits and attempts alike), and `disconnected` before
 * `connect()`, after `disconnect()` and once reconnection gives up.
 */
export type ClientState =
  'disconnected' | 'connecting' | 'connected' | 'reconnecting';
