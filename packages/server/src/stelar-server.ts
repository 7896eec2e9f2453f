import {
  createLogger,
  StelarCore,
  parseOptions,
  type ResolvedOptions,
  type StelarOptions,
  type Transport,
  type UpdatableOptions,
} from '@stelar/core';
import { createHealthHandler } from '@stelar/health';
import { IPTracker, RateLimiter } from '@stelar/ratelimit';
import { TcpTransport } from '@stelar/transport-tcp';
import { WsTransport, type RequestHandler } from '@stelar/transport-ws';

/**
 * The real-time server: WebSocket clients (and, with `tcpPort`, Node.js
 * services over TCP) sharing one set of handlers, rooms and limits.
 *
 * @example
 * const stelar = new StelarServer({ port: 3000 });
 * stelar.on('chat', (ctx) => ctx.broadcast('chat', ctx.data));
 * await stelar.start();
 *
 * @throws StelarError `ERR_OPTIONS_INVALID` naming every bad option.
 */
export class StelarServer extends StelarCore {
  private readonly ownIPTracker: IPTracker | null;

  constructor(options: StelarOptions = {}) {
    const resolved = parseOptions(options);

    const ownIPTracker =
      resolved.customIPTracker === undefined
        ? new IPTracker(resolved.maxConnectionsPerIP)
        : null;
    // The health handler needs the server it belongs to, which exists only
    // once super() returns; the reference is filled in right after.
    const self: { server: StelarServer | null } = { server: null };
    super(resolved, {
      transports: transportsFor(resolved, self),
      rateLimiter: new RateLimiter({
        rateLimit: resolved.rateLimit,
        eventRateLimits: resolved.eventRateLimits,
        customRateLimiter: resolved.customRateLimiter,
      }),
      ipTracker: resolved.customIPTracker ?? ownIPTracker!,
    });
    self.server = this;
    this.ownIPTracker = ownIPTracker;
  }

  override updateConfig(partial: UpdatableOptions): void {
    super.updateConfig(partial);
    this.ownIPTracker?.setMax(this.options.maxConnectionsPerIP);
  }
}

function transportsFor(
  options: ResolvedOptions,
  self: { server: StelarServer | null },
): Transport[] {
  const ws = new WsTransport({ requestHandler: healthRoute(options, self) });
  return typeof options.tcpPort === 'number' ? [ws, new TcpTransport()] : [ws];
}

function healthRoute(
  options: ResolvedOptions,
  self: { server: StelarServer | null },
): RequestHandler | undefined {
  if (options.healthEndpoint === false) return undefined;
  return createHealthHandler({
    path: options.healthEndpoint,
    getStats: () => self.server!.getStats(),
    getAllowedOrigins: () => self.server!.options.allowedOrigins,
    customHealthHandler: options.customHealthHandler,
    logger: createLogger(options.logger),
  });
}
