import type { ClientProtocol } from './transport.js';

/** What a hook may return: `false` cancels the default action, if it has one. */
export type HookResult = boolean | void;

/** The lifecycle hooks of the server; every one is optional. */
export interface StelarHooks {
  onClientConnect?: (payload: {
    clientId: string;
    ip: string;
    protocol: ClientProtocol;
    metadata: Map<string, unknown>;
  }) => HookResult;
  onClientDisconnect?: (payload: {
    clientId: string;
    ip: string;
    protocol: ClientProtocol;
    rooms: Set<string>;
  }) => HookResult;
  onRateLimitExceeded?: (payload: {
    clientId: string;
    event?: string;
    protocol: ClientProtocol;
  }) => HookResult;
  onMaxConnectionsReached?: (payload: {
    activeConnections: number;
    max: number;
    ip: string;
  }) => HookResult;
  onClientJoinRoom?: (payload: {
    clientId: string;
    room: string;
    metadata: Map<string, unknown>;
  }) => HookResult;
  onClientLeaveRoom?: (payload: {
    clientId: string;
    room: string;
  }) => HookResult;
  onMaxRoomsReached?: (payload: {
    clientId: string;
    room: string;
    totalRooms: number;
    max: number;
  }) => HookResult;
  onMaxRoomsPerClientReached?: (payload: {
    clientId: string;
    room: string;
    currentRooms: number;
    max: number;
  }) => HookResult;
  onPayloadTooLarge?: (payload: {
    clientId: string;
    event?: string;
    size: number;
    max: number;
  }) => HookResult;
  onInvalidMessage?: (payload: {
    clientId: string;
    reason: string;
    protocol: ClientProtocol;
  }) => HookResult;
  onSlowClient?: (payload: {
    clientId: string;
    bufferedBytes: number;
    max: number;
  }) => HookResult;
  onBeforeBroadcast?: (payload: {
    event: string;
    data: unknown;
    excludeId: string | undefined;
    room?: string;
  }) => HookResult;
}

/** The name of one hook. */
export type HookName = keyof StelarHooks;

/** Every hook name, for validating `hooks` objects. */
export const HOOK_NAMES: readonly HookName[] = [
  'onClientConnect',
  'onClientDisconnect',
  'onRateLimitExceeded',
  'onMaxConnectionsReached',
  'onClientJoinRoom',
  'onClientLeaveRoom',
  'onMaxRoomsReached',
  'onMaxRoomsPerClientReached',
  'onPayloadTooLarge',
  'onInvalidMessage',
  'onSlowClient',
  'onBeforeBroadcast',
];
