import { describe, expect, it } from 'vitest';
import { StelarError } from './errors.js';
import { RequestRegistry } from './request-registry.js';

function disconnected(): StelarError {
  return new StelarError('DISCONNECTED', 'gone');
}

describe('RequestRegistry', () => {
  it('gives each request its own correlation id', () => {
    const registry = new RequestRegistry();
    const a = registry.open('x', 1000, () => {});
    const b = registry.open('x', 1000, () => {});
    expect(a.correlationId).not.toBe(b.correlationId);
    registry.fail(disconnected, true);
    return Promise.allSettled([a.reply.promise, b.reply.promise]);
  });

  it('settles a request with its data or its error code', async () => {
    const registry = new RequestRegistry();
    const ok = registry.open('x', 1000, () => {});
    const bad = registry.open('y', 1000, () => {});
    expect(registry.settle(ok.correlationId, 7, undefined)).toBe(true);
    registry.settle(bad.correlationId, undefined, {
      code: 'NO_HANDLER',
      message: 'none',
    });
    await expect(ok.reply.promise).resolves.toBe(7);
    await expect(bad.reply.promise).rejects.toMatchObject({
      code: 'NO_HANDLER',
    });
    expect(registry.settle(ok.correlationId, 8, undefined)).toBe(false);
  });

  it('rejects with TIMEOUT and tells the caller', async () => {
    const registry = new RequestRegistry();
    const expired: unknown[] = [];
    const { correlationId, reply } = registry.open('slow', 10, (r) =>
      expired.push(r),
    );
    await expect(reply.promise).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(expired).toEqual([reply]);
    expect(registry.settle(correlationId, 1, undefined)).toBe(false);
  });

  it('fails only the sent requests on a drop, every one when asked', async () => {
    const registry = new RequestRegistry();
    const sent = registry.open('a', 1000, () => {});
    const queued = registry.open('b', 1000, () => {});
    sent.reply.sent = true;
    registry.fail(disconnected, false);
    await expect(sent.reply.promise).rejects.toMatchObject({
      code: 'DISCONNECTED',
    });
    expect(queued.reply.isSettled).toBe(false);
    registry.fail(disconnected, true);
    await expect(queued.reply.promise).rejects.toMatchObject({
      code: 'DISCONNECTED',
    });
  });
});
