import type { Link } from './link.js';
import { unrefTimer } from './unref-timer.js';

/**
 * Watches one link for life. Every `intervalMs` it looks at how long the
 * link has been silent:
 *
 * - after `intervalMs` of silence it probes the link: in Node.js a
 *   WebSocket ping (or a TCP PING frame), which the server answers at once,
 *   so an idle but healthy link shows life whatever the server's own ping
 *   period; in a browser the protocol's `pong` message, the only liveness
 *   signal a page can send;
 * - after twice `intervalMs`, with a probe unanswered for a whole interval,
 *   it declares the link dead, but only where the peer's heartbeat is
 *   visible (`link.pingsVisible`). A browser answers the
 *   server's pings by itself without telling the page, so a healthy idle
 *   link looks silent there; closing it would drop every quiet connection.
 *   Browsers rely on the server's heartbeat (which terminates a dead client)
 *   and on their TCP stack, which the probe keeps busy.
 *
 * The watch starts with the attempt, so a handshake that hangs counts as
 * silence too.
 */
export class HeartbeatMonitor {
  private readonly onDead: () => void;
  private timer: ReturnType<typeof setInterval> | null = null;
  private verdictTimer: ReturnType<typeof setTimeout> | null = null;
  private link: Link | null = null;
  private intervalMs = 0;
  private lastLifeAt = 0;
  /** When the unanswered probe went out; null when none is pending. */
  private probedAt: number | null = null;

  constructor(onDead: () => void) {
    this.onDead = onDead;
  }

  start(link: Link, intervalMs: number): void {
    this.stop();
    this.link = link;
    this.intervalMs = intervalMs;
    this.lastLifeAt = Date.now();
    this.timer = unrefTimer(setInterval(monitorTick, intervalMs, this));
  }

  /** Something arrived on the link. */
  alive(): void {
    this.lastLifeAt = Date.now();
    this.probedAt = null;
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    if (this.verdictTimer !== null) clearTimeout(this.verdictTimer);
    this.timer = null;
    this.verdictTimer = null;
    this.link = null;
    this.probedAt = null;
  }

  /** @internal */
  tick(): void {
    const link = this.link;
    if (link === null) return;
    const now = Date.now();
    if (now - this.lastLifeAt < this.intervalMs) return;
    if (this.isUnanswered(now) && link.pingsVisible) {
      // Timers run before the I/O of the same loop turn: a late tick may
      // find a pong that has arrived but not been read yet. The verdict
      // waits one turn, after that I/O.
      this.verdictTimer ??= unrefTimer(setTimeout(monitorVerdict, 0, this));
      return;
    }
    if (this.probedAt === null) this.probedAt = now;
    link.probe();
  }

  /** @internal */
  verdict(): void {
    this.verdictTimer = null;
    if (this.link === null || !this.isUnanswered(Date.now())) return;
    this.stop();
    this.onDead();
  }

  /**
   * Silent for twice the interval, and a probe went unanswered for a whole
   * interval: a stalled event loop alone (which delays ticks) never looks
   * like a dead link, since the probe it needs goes out only once it runs.
   */
  private isUnanswered(now: number): boolean {
    return (
      now - this.lastLifeAt >= 2 * this.intervalMs &&
      this.probedAt !== null &&
      now - this.probedAt >= this.intervalMs
    );
  }
}

function monitorTick(monitor: HeartbeatMonitor): void {
  monitor.tick();
}

function monitorVerdict(monitor: HeartbeatMonitor): void {
  monitor.verdict();
}
