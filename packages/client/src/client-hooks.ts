import type { ClientState } from './client-state.js';

/** The hooks of a client; each is optional. */
export interface ClientHooks {
  /** Before an emit, a binary emit or a request; `false` cancels it. */
  onBeforeEmit?: (message: { event: string; data: unknown }) => unknown;
  /** Every application message from the server: events, binary, acks. */
  onMessage?: (message: {
    event: string;
    data: unknown;
    isBinary: boolean;
  }) => void;
  /** Once per state transition. */
  onStateChange?: (change: { from: ClientState; to: ClientState }) => void;
  /**
   * Before each reconnection attempt; a number returned replaces the delay,
   * in milliseconds.
   */
  onReconnectDelay?: (attempt: {
    attempt: number;
    defaultDelay: number;
  }) => unknown;
  /** A message waits in the offline queue; `queueSize` counts it. */
  onMessageQueued?: (message: { event: string; queueSize: number }) => void;
  /** The offline queue was sent after a welcome. */
  onQueueDrained?: (drained: { count: number }) => void;
  /**
   * A listener or a hook threw or rejected; `context` names which. The
   * client goes on.
   */
  onError?: (failure: { error: unknown; context: string }) => void;
}

/** Names of every hook, in the order of the documentation. */
export const HOOK_NAMES = [
  'onBeforeEmit',
  'onMessage',
  'onStateChange',
  'onReconnectDelay',
  'onMessageQueued',
  'onQueueDrained',
  'onError',
] as const satisfies readonly (keyof ClientHooks)[];
