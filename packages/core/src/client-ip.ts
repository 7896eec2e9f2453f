/**
 * The client's IP as the protocol defines it: the socket's remote address,
 * with an IPv4-mapped IPv6 address reduced to IPv4.
 */
export function clientIp(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return 'unknown';
  return remoteAddress.startsWith('::ffff:') && remoteAddress.includes('.')
    ? remoteAddress.slice(7)
    : remoteAddress;
}
