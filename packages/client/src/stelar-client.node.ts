import { ClientBase, type Platform } from './client-base.js';
import type { StelarClientOptions } from './options.js';
import { resolveTcpUrl } from './resolve-tcp-url.js';
import { resolveUrl } from './resolve-url.js';
import { TcpLink } from './tcp-link.node.js';
import { WsLink } from './ws-link.node.js';

const nodePlatform: Platform = {
  assertSupported() {
    // Node.js supports every option, both modes included.
  },

  resolveUrl(input, options) {
    return options.mode === 'tcp'
      ? resolveTcpUrl(input, options.tls)
      : resolveUrl(input, options.tls);
  },

  createLink(options, linkOptions, events) {
    return options.mode === 'tcp'
      ? new TcpLink(linkOptions, events)
      : new WsLink(linkOptions, events);
  },

  watchOnline() {
    // Node.js has no online signal; the heartbeat finds a dead link instead.
    return noop;
  },
};

function noop(): void {}

/**
 * The stelar client, for Node.js: WebSocket on the `ws` package, with
 * handshake headers, certificate options and the handshake's HTTP status,
 * or, with `mode: 'tcp'`, the binary TCP transport (TLS with `tls: true`).
 *
 * @example
 * const client = new StelarClient('localhost:3000');
 * client.on('chat', (message) => console.log(message));
 * client.connect(async () => {
 *   const time = await client.request('time');
 *   console.log(time);
 * });
 *
 * @throws StelarError `ERR_OPTIONS_INVALID` or `ERR_CLIENT_URL_INVALID`.
 */
export class StelarClient extends ClientBase {
  constructor(url: string | number, options?: StelarClientOptions) {
    super(url, options, nodePlatform);
  }
}
