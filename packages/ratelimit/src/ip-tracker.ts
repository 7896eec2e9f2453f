import { StelarError, type IIPTracker } from '@stelar/core';

import { RateLimitErrorCode } from './errors.js';
import { formatValue } from './format-value.js';

/**
 * Counts the open connections of each IP address, so that the server can
 * refuse one more from an address that already holds `maxPerIP`. An address
 * leaves the map when its last connection closes.
 */
export class IPTracker implements IIPTracker {
  readonly #counts = new Map<string, number>();
  #maxPerIP: number;

  /**
   * @param maxPerIP - connections allowed per address
   * (`maxConnectionsPerIP`).
   * @throws StelarError `ERR_IP_LIMIT_INVALID` unless a positive integer.
   */
  constructor(maxPerIP: number) {
    assertMaxPerIP(maxPerIP);
    this.#maxPerIP = maxPerIP;
  }

  /** The number of addresses with at least one connection. */
  get size(): number {
    return this.#counts.size;
  }

  /** Whether one more connection from `ip` may be admitted. */
  check(ip: string): boolean {
    return this.getCount(ip) < this.#maxPerIP;
  }

  /** Counts a connection from `ip`; the caller has checked it first. */
  add(ip: string): void {
    this.#counts.set(ip, this.getCount(ip) + 1);
  }

  /** Uncounts a connection from `ip`; an address at zero is dropped. */
  remove(ip: string): void {
    const count = this.getCount(ip);

    // An extra remove (a close reported twice) must not drive the count
    // below zero, or the address would later get more than its share.
    if (count <= 1) {
      this.#counts.delete(ip);
      return;
    }
    this.#counts.set(ip, count - 1);
  }

  /** The open connections counted for `ip`. */
  getCount(ip: string): number {
    return this.#counts.get(ip) ?? 0;
  }

  /** Forgets every address. */
  cleanup(): void {
    this.#counts.clear();
  }

  /**
   * Changes the limit at runtime. Addresses already above it keep their
   * connections and are refused new ones until they drop below it.
   *
   * @throws StelarError `ERR_IP_LIMIT_INVALID` unless a positive integer.
   */
  setMax(maxPerIP: number): void {
    assertMaxPerIP(maxPerIP);
    this.#maxPerIP = maxPerIP;
  }
}

function assertMaxPerIP(maxPerIP: number): void {
  if (Number.isInteger(maxPerIP) && maxPerIP > 0) return;

  throw new StelarError(
    RateLimitErrorCode.IP_LIMIT_INVALID,
    `maxConnectionsPerIP must be a positive integer, got ${formatValue(maxPerIP)}`,
    { details: { value: maxPerIP } },
  );
}
