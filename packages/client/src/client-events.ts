import type { StelarError } from './errors.js';

/** How a connection ended, as the `disconnect` event tells it. */
export interface DisconnectInfo {
  /** The WebSocket close code; 1006 when the link was lost or abandoned. */
  code: number;
  reason: string;
}

/** The client's own events and the arguments of their listeners. */
export interface ClientEventMap {
  /** The server's welcome arrived; `getId()` is set. */
  connect: () => void;
  /** An established connection ended. */
  disconnect: (info: DisconnectInfo) => void;
  /** Reconnection attempt `attempt` (from 1) starts. */
  reconnecting: (attempt: number) => void;
  /** `reconnectionAttempts` attempts failed; the client stopped. */
  reconnect_failed: () => void;
  /** Something went wrong that the program may want to know about. */
  error: (error: StelarError) => void;
}

/** Options of a single `emit`. */
export interface EmitOptions {
  /**
   * Queue the message while not connected (the default). `false` drops it
   * instead: for messages that are stale by the time a connection is back,
   * such as a typing indicator or a cursor position.
   */
  queue?: boolean;
}
