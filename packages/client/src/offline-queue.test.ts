import { describe, expect, it } from 'vitest';
import { OfflineQueue, type QueuedMessage } from './offline-queue.js';
import { PendingReply } from './pending-reply.js';

function item(event: string, reply: PendingReply<unknown> | null = null) {
  return {
    message: { kind: 'event', event, json: undefined },
    reply,
  } as QueuedMessage;
}

function events(items: QueuedMessage[]): string[] {
  return items.map((i) => (i.message as { event: string }).event);
}

describe('OfflineQueue', () => {
  describe('push()', () => {
    it('keeps messages in order up to its capacity', () => {
      const queue = new OfflineQueue(3);
      for (const e of ['a', 'b', 'c']) expect(queue.push(item(e))).toEqual([]);
      expect(events(queue.takeAll())).toEqual(['a', 'b', 'c']);
      expect(queue.size).toBe(0);
    });

    it('drops the oldest message when full', () => {
      const queue = new OfflineQueue(2);
      queue.push(item('a'));
      queue.push(item('b'));
      expect(events(queue.push(item('c')))).toEqual(['a']);
      expect(events(queue.takeAll())).toEqual(['b', 'c']);
    });

    it('drops the new message itself with a capacity of 0', () => {
      const queue = new OfflineQueue(0);
      const only = item('a');
      expect(queue.push(only)).toEqual([only]);
      expect(queue.size).toBe(0);
    });
  });

  describe('resize()', () => {
    it('returns the oldest messages that no longer fit', () => {
      const queue = new OfflineQueue(5);
      for (const e of ['a', 'b', 'c', 'd']) queue.push(item(e));
      expect(events(queue.resize(2))).toEqual(['a', 'b']);
      expect(events(queue.takeAll())).toEqual(['c', 'd']);
    });
  });

  describe('restore()', () => {
    it('puts messages back in front of newer ones', () => {
      const queue = new OfflineQueue(5);
      queue.push(item('c'));
      queue.restore([item('a'), item('b')]);
      expect(events(queue.takeAll())).toEqual(['a', 'b', 'c']);
    });
  });

  describe('discard() and takeReplies()', () => {
    it('removes only the messages awaiting a reply', () => {
      const queue = new OfflineQueue(5);
      const first = new PendingReply<unknown>(1000, () => {});
      const second = new PendingReply<unknown>(1000, () => {});
      queue.push(item('a', first));
      queue.push(item('b'));
      queue.push(item('c', second));
      queue.discard(first);
      expect(queue.size).toBe(2);
      expect(events(queue.takeReplies())).toEqual(['c']);
      expect(events(queue.takeAll())).toEqual(['b']);
      first.resolve(undefined);
      second.resolve(undefined);
    });
  });
});
