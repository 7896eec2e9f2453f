import { describe, expect, it } from 'vitest';
import { CONNECTIONS_PER_ADDRESS, sourceAddressFor } from './loopback.mjs';

describe('sourceAddressFor()', () => {
  it('starts at 127.0.0.2', () => {
    expect(sourceAddressFor(0)).toBe('127.0.0.2');
  });

  it('moves to the next address after CONNECTIONS_PER_ADDRESS', () => {
    expect(sourceAddressFor(CONNECTIONS_PER_ADDRESS - 1)).toBe('127.0.0.2');
    expect(sourceAddressFor(CONNECTIONS_PER_ADDRESS)).toBe('127.0.0.3');
  });

  it('skips host bytes 255, 0 and 1 when it crosses into the next block', () => {
    expect(sourceAddressFor(252 * CONNECTIONS_PER_ADDRESS)).toBe('127.0.0.254');
    expect(sourceAddressFor(253 * CONNECTIONS_PER_ADDRESS)).toBe('127.0.1.2');
  });

  it('stays on loopback for the largest workload', () => {
    expect(sourceAddressFor(10_000)).toMatch(/^127\.0\.0\.\d+$/);
  });
});
