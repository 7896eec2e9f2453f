// Source addresses for the load client. Linux routes all of 127.0.0.0/8 to
// the loopback interface, so spreading connections over 127.0.0.2 and up
// keeps both a server's per-IP limit and the ~28,000 ephemeral ports of one
// source address out of what is measured.

/** Connections given one source address before the next one is used. */
export const CONNECTIONS_PER_ADDRESS = 250;

const HOSTS_PER_BLOCK = 253;

/**
 * The source address for the `index`-th connection of a workload: 127.0.0.2
 * for the first CONNECTIONS_PER_ADDRESS, then 127.0.0.3, and so on, skipping
 * host bytes 0, 1 and 255.
 *
 * @param {number} index
 * @returns {string}
 */
export function sourceAddressFor(index) {
  const slot = Math.floor(index / CONNECTIONS_PER_ADDRESS);
  const block = Math.floor(slot / HOSTS_PER_BLOCK);
  const host = (slot % HOSTS_PER_BLOCK) + 2;
  return `127.${Math.floor(block / 256) % 256}.${block % 256}.${host}`;
}
