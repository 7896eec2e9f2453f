import type { RateLimitConfig } from './extensions.js';
import type { HookName } from './hooks.js';
import type { ResolvedOptions } from './options.js';

/** A secret-free summary of the configuration in force (`getConfig()`). */
export interface ConfigSummary {
  port: number | undefined;
  namespace: string;
  tcpPort: number | false;
  attachedToServer: boolean;
  maxConnections: number;
  maxConnectionsPerIP: number;
  maxRooms: number;
  maxRoomsPerClient: number;
  maxPayloadSize: number;
  maxBufferedBytes: number;
  maxFrameSize: number;
  rateLimit: RateLimitConfig | false;
  eventRateLimits: Record<string, RateLimitConfig>;
  heartbeatInterval: number;
  heartbeatTimeout: number;
  connectTimeout: number;
  gracefulShutdown: boolean;
  shutdownTimeout: number;
  healthEndpoint: string | false;
  allowedOrigins: string[] | null;
  tls: boolean;
  compression: boolean;
  hooks: HookName[];
  customRateLimiter: boolean;
  customIPTracker: boolean;
  customHealthHandler: boolean;
  generateClientId: boolean;
}

/**
 * Summarises the options in force without a secret, with the ports in use
 * (a port option of 0 lets the system choose): which hooks, limiters
 * and handlers are set, never the functions, and whether TLS is on, never
 * its keys.
 */
export function summarizeConfig(
  o: ResolvedOptions,
  port: number | undefined,
  tcpPort: number | undefined,
): ConfigSummary {
  return {
    port: port ?? o.port,
    namespace: o.namespace,
    tcpPort: tcpPort ?? o.tcpPort ?? false,
    attachedToServer: o.server !== undefined,
    maxConnections: o.maxConnections,
    maxConnectionsPerIP: o.maxConnectionsPerIP,
    maxRooms: o.maxRooms,
    maxRoomsPerClient: o.maxRoomsPerClient,
    maxPayloadSize: o.maxPayloadSize,
    maxBufferedBytes: o.maxBufferedBytes,
    maxFrameSize: o.maxFrameSize,
    rateLimit: o.rateLimit === false ? false : { ...o.rateLimit },
    eventRateLimits: structuredClone({ ...o.eventRateLimits }),
    heartbeatInterval: o.heartbeatInterval,
    heartbeatTimeout: o.heartbeatTimeout,
    connectTimeout: o.connectTimeout,
    gracefulShutdown: o.gracefulShutdown,
    shutdownTimeout: o.shutdownTimeout,
    healthEndpoint: o.healthEndpoint,
    allowedOrigins: o.allowedOrigins == null ? null : [...o.allowedOrigins],
    tls: o.tls !== undefined,
    compression: o.compression,
    hooks: (Object.keys(o.hooks) as HookName[]).filter(
      (name) => typeof o.hooks[name] === 'function',
    ),
    customRateLimiter: o.customRateLimiter !== undefined,
    customIPTracker: o.customIPTracker !== undefined,
    customHealthHandler: o.customHealthHandler !== undefined,
    generateClientId: o.generateClientId !== undefined,
  };
}
