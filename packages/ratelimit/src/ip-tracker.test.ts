import { describe, expect, it } from 'vitest';

import { IPTracker } from './ip-tracker.js';

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

describe('IPTracker', () => {
  describe('constructor', () => {
    it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects the limit %s with ERR_IP_LIMIT_INVALID',
      (max) => {
        expect(codeOf(() => new IPTracker(max))).toBe('ERR_IP_LIMIT_INVALID');
      },
    );

    it('names the offending value in the message', () => {
      expect(() => new IPTracker(0)).toThrow(
        'maxConnectionsPerIP must be a positive integer, got 0',
      );
    });
  });

  describe('check()', () => {
    it('admits an address below the limit', () => {
      const tracker = new IPTracker(2);
      tracker.add('10.0.0.1');

      expect(tracker.check('10.0.0.1')).toBe(true);
    });

    it('refuses an address at the limit', () => {
      const tracker = new IPTracker(2);
      tracker.add('10.0.0.1');
      tracker.add('10.0.0.1');

      expect(tracker.check('10.0.0.1')).toBe(false);
      expect(tracker.check('10.0.0.2')).toBe(true);
    });
  });

  describe('add()', () => {
    it('counts each connection of an address', () => {
      const tracker = new IPTracker(5);
      tracker.add('::1');
      tracker.add('::1');

      expect(tracker.getCount('::1')).toBe(2);
      expect(tracker.size).toBe(1);
    });
  });

  describe('remove()', () => {
    it('uncounts one connection', () => {
      const tracker = new IPTracker(5);
      tracker.add('::1');
      tracker.add('::1');

      tracker.remove('::1');

      expect(tracker.getCount('::1')).toBe(1);
    });

    it('drops the address when its count reaches zero', () => {
      const tracker = new IPTracker(5);
      tracker.add('::1');

      tracker.remove('::1');

      expect(tracker.size).toBe(0);
      expect(tracker.getCount('::1')).toBe(0);
    });

    it('never counts below zero', () => {
      const tracker = new IPTracker(1);
      tracker.remove('::1');
      tracker.remove('::1');
      tracker.add('::1');

      expect(tracker.getCount('::1')).toBe(1);
      expect(tracker.check('::1')).toBe(false);
    });
  });

  describe('getCount()', () => {
    it('answers zero for an unknown address', () => {
      expect(new IPTracker(1).getCount('192.0.2.1')).toBe(0);
    });
  });

  describe('cleanup()', () => {
    it('forgets every address', () => {
      const tracker = new IPTracker(1);
      tracker.add('192.0.2.1');
      tracker.add('192.0.2.2');

      tracker.cleanup();

      expect(tracker.size).toBe(0);
      expect(tracker.check('192.0.2.1')).toBe(true);
    });
  });

  describe('setMax()', () => {
    it('applies the new limit to the next check', () => {
      const tracker = new IPTracker(1);
      tracker.add('::1');

      tracker.setMax(3);

      expect(tracker.check('::1')).toBe(true);
    });

    it('keeps the count of an address already above a lowered limit', () => {
      const tracker = new IPTracker(3);
      tracker.add('::1');
      tracker.add('::1');

      tracker.setMax(1);

      expect(tracker.getCount('::1')).toBe(2);
      expect(tracker.check('::1')).toBe(false);
    });

    it('rejects an invalid limit and keeps the previous one', () => {
      const tracker = new IPTracker(1);

      expect(codeOf(() => tracker.setMax(-3))).toBe('ERR_IP_LIMIT_INVALID');
      tracker.add('::1');
      expect(tracker.check('::1')).toBe(false);
    });
  });
});
