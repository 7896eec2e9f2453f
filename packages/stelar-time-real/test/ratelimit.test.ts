import { afterEach, describe, expect, it } from 'vitest';
import type { IRateLimiter, StelarServer } from '../src/index.js';
import { Harness, waitUntil, type TestClient } from './harness.js';

const harness = new Harness();

afterEach(() => harness.close());

const MINUTE_MS = 60_000;

/** Counts what each event's handler received, in order. */
function record(
  stelar: StelarServer,
  ...events: string[]
): Map<string, unknown[]> {
  const seen = new Map<string, unknown[]>();
  for (const event of events) {
    seen.set(event, []);
    stelar.on(event, (ctx) => void seen.get(event)!.push(ctx.data));
  }
  return seen;
}

/** Sends `count` messages of `event`, numbered from 0. */
function send(client: TestClient, event: string, count: number): void {
  for (let i = 0; i < count; i++) client.emit(event, i);
}

/** A client kept connected over a refusal, so the tests can go on. */
const KEEP = { onRateLimitExceeded: () => false } as const;

describe('rate limiting', () => {
  describe('global bucket', () => {
    it('refuses the message after maxPoints with RATE_LIMITED, then closes 1008', async () => {
      const exceeded: unknown[] = [];
      const stelar = await harness.server({
        rateLimit: { maxPoints: 3, windowMs: MINUTE_MS },
        hooks: { onRateLimitExceeded: (info) => void exceeded.push(info) },
      });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);

      send(client, 'tick', 4);
      const close = await client.closed;

      expect(close.code).toBe(1008);
      expect(seen.get('tick')).toEqual([0, 1, 2]);
      expect(client.messages.at(-1)).toMatchObject({
        event: 'stelar:error',
        data: { code: 'RATE_LIMITED', event: 'tick' },
      });
      expect(exceeded).toEqual([
        { clientId: client.id, event: 'tick', protocol: 'ws' },
      ]);
    });

    it('frees the client slot of a client closed for flooding', async () => {
      const stelar = await harness.server({
        rateLimit: { maxPoints: 1, windowMs: MINUTE_MS },
        maxConnectionsPerIP: 1,
      });
      stelar.on('tick', () => undefined);
      const port = stelar.getPort()!;
      const flooder = await harness.connect(port);

      send(flooder, 'tick', 2);
      await flooder.closed;
      await waitUntil(
        () => stelar.getStats().activeConnections === 0,
        'the flooder to be gone',
      );
      const next = await harness.connect(port);

      expect(stelar.getClients().map((c) => c.id)).toEqual([next.id]);
    });
  });

  describe('eventRateLimits', () => {
    it('limits an event in addition to the global bucket', async () => {
      const stelar = await harness.server({
        rateLimit: { maxPoints: 100, windowMs: MINUTE_MS },
        eventRateLimits: { chat: { maxPoints: 2, windowMs: MINUTE_MS } },
        hooks: KEEP,
      });
      const seen = record(stelar, 'chat', 'move');
      const client = await harness.connect(stelar.getPort()!);

      send(client, 'chat', 3);
      send(client, 'move', 3);
      await waitUntil(() => seen.get('move')!.length === 3, 'three moves');

      expect(seen.get('chat')).toEqual([0, 1]);
      expect(client.refusalCodes()).toEqual(['RATE_LIMITED']);
      expect(
        client.messages.find((m) => m.event === 'stelar:error')?.data,
      ).toMatchObject({ event: 'chat' });
    });

    it('still applies the global bucket to a limited event', async () => {
      const stelar = await harness.server({
        rateLimit: { maxPoints: 2, windowMs: MINUTE_MS },
        eventRateLimits: { chat: { maxPoints: 10, windowMs: MINUTE_MS } },
        hooks: KEEP,
      });
      const seen = record(stelar, 'chat');
      const client = await harness.connect(stelar.getPort()!);

      send(client, 'chat', 3);
      await client.refusal('RATE_LIMITED');

      expect(seen.get('chat')).toEqual([0, 1]);
    });

    it('charges one message one point, never twice', async () => {
      const stelar = await harness.server({
        rateLimit: { maxPoints: 3, windowMs: MINUTE_MS },
        eventRateLimits: { chat: { maxPoints: 3, windowMs: MINUTE_MS } },
        hooks: KEEP,
      });
      const seen = record(stelar, 'chat', 'other');
      const client = await harness.connect(stelar.getPort()!);

      send(client, 'chat', 3);
      client.emit('other', 'fourth');
      const refusal = await client.refusal('RATE_LIMITED');

      expect(seen.get('chat')).toEqual([0, 1, 2]);
      expect(seen.get('other')).toEqual([]);
      expect(refusal.data).toMatchObject({ event: 'other' });
      expect(client.refusalCodes()).toEqual(['RATE_LIMITED']);
    });

    it('adds an event limit at runtime with setEventRateLimit', async () => {
      const stelar = await harness.server({ hooks: KEEP });
      const seen = record(stelar, 'chat');
      const client = await harness.connect(stelar.getPort()!);

      stelar.setEventRateLimit('chat', { maxPoints: 1, windowMs: MINUTE_MS });
      send(client, 'chat', 2);
      const refusal = await client.refusal('RATE_LIMITED');

      expect(seen.get('chat')).toEqual([0]);
      expect(refusal.data).toMatchObject({ event: 'chat' });
    });

    it('lifts an event limit at runtime with removeEventRateLimit', async () => {
      const stelar = await harness.server({
        eventRateLimits: { chat: { maxPoints: 1, windowMs: MINUTE_MS } },
        hooks: KEEP,
      });
      const seen = record(stelar, 'chat');
      const client = await harness.connect(stelar.getPort()!);
      send(client, 'chat', 2);
      await client.refusal('RATE_LIMITED');

      stelar.removeEventRateLimit('chat');
      send(client, 'chat', 3);
      await waitUntil(() => seen.get('chat')!.length === 4, 'four chats');

      expect(seen.get('chat')).toEqual([0, 0, 1, 2]);
      expect(client.refusalCodes()).toEqual(['RATE_LIMITED']);
    });
  });

  describe('per-client override', () => {
    it('replaces the global bucket with a larger one', async () => {
      const stelar = await harness.server({
        rateLimit: { maxPoints: 2, windowMs: MINUTE_MS },
        hooks: KEEP,
      });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);

      stelar.setClientRateLimit(client.id, {
        maxPoints: 5,
        windowMs: MINUTE_MS,
      });
      send(client, 'tick', 6);
      await client.refusal('RATE_LIMITED');

      expect(seen.get('tick')).toEqual([0, 1, 2, 3, 4]);
    });

    it('replaces the global bucket with a smaller one for that client only', async () => {
      const stelar = await harness.server({ hooks: KEEP });
      const seen = record(stelar, 'tick');
      const port = stelar.getPort()!;
      const limited = await harness.connect(port);
      const other = await harness.connect(port);

      stelar.setClientRateLimit(limited.id, {
        maxPoints: 1,
        windowMs: MINUTE_MS,
      });
      limited.emit('tick', 'limited-1');
      limited.emit('tick', 'limited-2');
      await limited.refusal('RATE_LIMITED');
      send(other, 'tick', 3);
      await waitUntil(() => seen.get('tick')!.length === 4, 'four ticks');

      expect(seen.get('tick')).toEqual(['limited-1', 0, 1, 2]);
      expect(other.refusalCodes()).toEqual([]);
    });

    it('returns the client to the global bucket with removeClientRateLimit', async () => {
      const stelar = await harness.server({
        rateLimit: { maxPoints: 2, windowMs: MINUTE_MS },
        hooks: KEEP,
      });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);
      stelar.setClientRateLimit(client.id, {
        maxPoints: 50,
        windowMs: MINUTE_MS,
      });

      stelar.removeClientRateLimit(client.id);
      send(client, 'tick', 3);
      await client.refusal('RATE_LIMITED');

      expect(seen.get('tick')).toEqual([0, 1]);
    });
  });

  describe('rateLimit: false', () => {
    it('admits every message', async () => {
      const stelar = await harness.server({ rateLimit: false });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);

      send(client, 'tick', 250);
      await waitUntil(() => seen.get('tick')!.length === 250, '250 ticks');

      expect(client.refusalCodes()).toEqual([]);
      expect(client.isOpen()).toBe(true);
      expect(stelar.getStats().rateLimiterEntries).toBe(0);
    });
  });

  describe('onRateLimitExceeded returning false', () => {
    it('keeps the client and drops the message unhandled', async () => {
      const stelar = await harness.server({
        rateLimit: { maxPoints: 1, windowMs: MINUTE_MS },
        hooks: KEEP,
      });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);

      client.emit('tick', 'first');
      client.emit('tick', 'second');
      const refusal = await client.refusal('RATE_LIMITED');
      const delivered = stelar.toId(client.id, 'still-here', true);
      const notice = await client.next(
        (m) => m.event === 'still-here',
        'a message after the refusal',
      );

      expect(refusal.data).toMatchObject({
        code: 'RATE_LIMITED',
        event: 'tick',
      });
      expect(seen.get('tick')).toEqual(['first']);
      expect(delivered).toBe(true);
      expect(notice.data).toBe(true);
      expect(client.isOpen()).toBe(true);
    });

    it('answers a refused request with a RATE_LIMITED error reply', async () => {
      let asked = 0;
      const stelar = await harness.server({
        rateLimit: { maxPoints: 1, windowMs: MINUTE_MS },
        hooks: KEEP,
      });
      stelar.onAck('ask', () => {
        asked++;
        return 'answer';
      });
      const client = await harness.connect(stelar.getPort()!);

      const first = await client.request('question', 1, 'ask', 'c1');
      const second = await client.request('question', 2, 'ask', 'c2');

      expect(first).toMatchObject({ event: 'ask', data: 'answer' });
      expect(second).toMatchObject({
        event: 'ask',
        _isAck: true,
        _correlationId: 'c2',
        error: { code: 'RATE_LIMITED' },
      });
      expect(second.data).toBeUndefined();
      expect(asked).toBe(1);
    });
  });

  describe('what is charged', () => {
    it('never charges pong messages or WebSocket pings', async () => {
      const stelar = await harness.server({
        rateLimit: { maxPoints: 2, windowMs: MINUTE_MS },
        hooks: KEEP,
      });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);

      for (let i = 0; i < 20; i++) {
        client.emit('pong', Date.now());
        client.ws.ping();
      }
      send(client, 'tick', 3);
      await client.refusal('RATE_LIMITED');

      expect(seen.get('tick')).toEqual([0, 1]);
      expect(client.refusalCodes()).toEqual(['RATE_LIMITED']);
    });

    it('charges invalid messages like any other', async () => {
      const invalid: string[] = [];
      const stelar = await harness.server({
        rateLimit: { maxPoints: 2, windowMs: MINUTE_MS },
        hooks: {
          ...KEEP,
          onInvalidMessage: ({ reason }) => void invalid.push(reason),
        },
      });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);

      client.sendText('not json');
      client.sendText('{"event":42}');
      client.emit('tick', 'valid');
      await client.refusal('RATE_LIMITED');

      expect(seen.get('tick')).toEqual([]);
      expect(invalid).toHaveLength(2);
      expect(client.refusalCodes()).toEqual([
        'INVALID_MESSAGE',
        'INVALID_MESSAGE',
        'RATE_LIMITED',
      ]);
    });

    it('ends a flood of invalid messages with a 1008 close', async () => {
      const stelar = await harness.server({
        rateLimit: { maxPoints: 3, windowMs: MINUTE_MS },
      });
      const client = await harness.connect(stelar.getPort()!);

      for (let i = 0; i < 10; i++) client.sendText(`garbage ${i}`);
      const close = await client.closed;

      expect(close.code).toBe(1008);
      expect(client.refusalCodes()).toEqual([
        'INVALID_MESSAGE',
        'INVALID_MESSAGE',
        'INVALID_MESSAGE',
        'RATE_LIMITED',
      ]);
    });
  });

  describe('customRateLimiter', () => {
    /** A limiter whose verdicts a test scripts, one per call. */
    function scripted(
      verdict: (call: number) => boolean | Promise<boolean>,
    ): IRateLimiter & { calls: [string, number | undefined][] } {
      const calls: [string, number | undefined][] = [];
      return {
        calls,
        check(id: string, cost?: number) {
          calls.push([id, cost]);
          return verdict(calls.length);
        },
        reset: () => undefined,
        cleanup: () => undefined,
        size: () => calls.length,
      };
    }

    it('replaces the built-in buckets with a sync verdict', async () => {
      const limiter = scripted((call) => call !== 4);
      const stelar = await harness.server({
        rateLimit: { maxPoints: 1, windowMs: MINUTE_MS },
        customRateLimiter: limiter,
        hooks: KEEP,
      });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);

      send(client, 'tick', 6);
      await waitUntil(() => seen.get('tick')!.length === 5, 'five ticks');

      expect(seen.get('tick')).toEqual([0, 1, 2, 4, 5]);
      expect(client.refusalCodes()).toEqual(['RATE_LIMITED']);
      expect(limiter.calls).toHaveLength(6);
      expect(limiter.calls[0]).toEqual([client.id, 1]);
    });

    it('keeps message order while async verdicts arrive out of order', async () => {
      const delays = [40, 0, 25, 0, 10, 5, 0, 30];
      const limiter = scripted(
        (call) =>
          new Promise((resolve) =>
            setTimeout(() => resolve(call !== 3), delays[call - 1] ?? 0),
          ),
      );
      const stelar = await harness.server({
        customRateLimiter: limiter,
        hooks: KEEP,
      });
      const order: unknown[] = [];
      stelar.on('tick', (ctx) => void order.push(ctx.data));
      stelar.on('tock', (ctx) => void order.push(`tock ${ctx.data}`));
      const client = await harness.connect(stelar.getPort()!);

      for (let i = 0; i < delays.length; i++) {
        client.emit(i % 2 === 0 ? 'tick' : 'tock', i);
      }
      await waitUntil(() => order.length === delays.length - 1, 'seven events');

      expect(order).toEqual([0, 'tock 1', 'tock 3', 4, 'tock 5', 6, 'tock 7']);
      expect(client.refusalCodes()).toEqual(['RATE_LIMITED']);
    });

    it('admits the message when the async verdict rejects', async () => {
      const limiter = scripted((call) =>
        call === 1 ? Promise.reject(new Error('store down')) : true,
      );
      const stelar = await harness.server({ customRateLimiter: limiter });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);

      send(client, 'tick', 2);
      await waitUntil(() => seen.get('tick')!.length === 2, 'two ticks');

      expect(seen.get('tick')).toEqual([0, 1]);
      expect(client.refusalCodes()).toEqual([]);
      expect(client.isOpen()).toBe(true);
    });

    it('admits the message when check throws', async () => {
      const limiter = scripted(() => {
        throw new Error('limiter bug');
      });
      const stelar = await harness.server({ customRateLimiter: limiter });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);

      send(client, 'tick', 2);
      await waitUntil(() => seen.get('tick')!.length === 2, 'two ticks');

      expect(client.isOpen()).toBe(true);
      expect(stelar.getStats().activeConnections).toBe(1);
    });

    it('closes 1008 on an async refusal without a keeping hook', async () => {
      const limiter = scripted((call) => Promise.resolve(call === 1));
      const stelar = await harness.server({ customRateLimiter: limiter });
      const seen = record(stelar, 'tick');
      const client = await harness.connect(stelar.getPort()!);

      send(client, 'tick', 3);
      const close = await client.closed;

      expect(close.code).toBe(1008);
      expect(seen.get('tick')).toEqual([0]);
      expect(client.refusalCodes()).toEqual(['RATE_LIMITED']);
    });
  });
});
