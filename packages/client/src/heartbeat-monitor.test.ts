import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeartbeatMonitor } from './heartbeat-monitor.js';
import type { Link } from './link.js';

function fakeLink(pingsVisible: boolean) {
  const link = {
    pingsVisible,
    probes: 0,
    open() {},
    send: () => true,
    probe() {
      link.probes++;
    },
    close() {},
    abort() {},
  };
  return link satisfies Link & { probes: number };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('HeartbeatMonitor', () => {
  it('probes a link silent for one interval', () => {
    const link = fakeLink(true);
    const monitor = new HeartbeatMonitor(() => {});
    monitor.start(link, 100);
    vi.advanceTimersByTime(99);
    expect(link.probes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(link.probes).toBe(1);
    monitor.stop();
  });

  it('declares dead a link whose probe stays unanswered', () => {
    const link = fakeLink(true);
    let dead = 0;
    const monitor = new HeartbeatMonitor(() => dead++);
    monitor.start(link, 100);
    vi.advanceTimersByTime(200);
    expect(dead).toBe(0);
    vi.advanceTimersByTime(1);
    expect(dead).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(dead).toBe(1);
  });

  it('keeps a link that answers its probes', () => {
    const link = fakeLink(true);
    let dead = 0;
    const monitor = new HeartbeatMonitor(() => dead++);
    monitor.start(link, 100);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(100);
      monitor.alive();
    }
    expect(dead).toBe(0);
    monitor.stop();
  });

  it('needs a probe unanswered for an interval, not a late tick alone', () => {
    const link = fakeLink(true);
    let dead = 0;
    const monitor = new HeartbeatMonitor(() => dead++);
    monitor.start(link, 100);
    // The loop stalls: the first tick runs only after 250 ms of silence.
    vi.setSystemTime(Date.now() + 250);
    monitor.tick();
    expect(link.probes).toBe(1);
    vi.advanceTimersByTime(0);
    expect(dead).toBe(0);
    monitor.stop();
  });

  it('never declares dead a link whose peer pings are invisible', () => {
    const link = fakeLink(false);
    let dead = 0;
    const monitor = new HeartbeatMonitor(() => dead++);
    monitor.start(link, 100);
    vi.advanceTimersByTime(1000);
    expect(dead).toBe(0);
    expect(link.probes).toBe(10);
    monitor.stop();
  });
});
