import { describe, expect, it } from 'vitest';
import { PendingReply } from './pending-reply.js';

describe('PendingReply', () => {
  it('resolves once and ignores later settlements', async () => {
    const reply = new PendingReply<number>(1000, () => {});
    reply.resolve(1);
    reply.reject(new Error('late'));
    reply.resolve(2);
    await expect(reply.promise).resolves.toBe(1);
    expect(reply.isSettled).toBe(true);
  });

  it('calls onTimeout when the wait runs out', async () => {
    const reply = new PendingReply<number>(10, (r) =>
      r.reject(new Error('slow')),
    );
    await expect(reply.promise).rejects.toThrow('slow');
  });

  it('clears its timer when settled in time', async () => {
    let fired = false;
    const reply = new PendingReply<number>(20, () => {
      fired = true;
    });
    reply.resolve(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fired).toBe(false);
  });
});
