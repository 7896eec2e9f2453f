import { ClientBase, type Platform } from './client-base.js';
import { ClientErrorCode, StelarError } from './errors.js';
import type { StelarClientOptions } from './options.js';
import { WsLink } from './ws-link.node.js';

const nodePlatform: Platform = {
  assertSupported(options) {
    if (options.mode === 'tcp') {
      throw new StelarError(
        ClientErrorCode.TRANSPORT_UNAVAILABLE,
        "mode 'tcp' needs the TCP transport, which is not available yet; use mode 'ws'",
      );
    }
  },

  createLink(_options, linkOptions, events) {
    return new WsLink(linkOptions, events);
  },

  watchOnline() {
    // Node.js has no online signal; the heartbeat finds a dead link instead.
    return noop;
  },
};

function noop(): void {}

/**
 * The stelar client, for Node.js: WebSocket on the `ws` package, with
 * handshake headers, certificate options and the handshake's HTTP status.
 *
 * @example
 * const client = new StelarClient('localhost:3000');
 * client.on('chat', (message) => console.log(message));
 * client.connect(async () => {
 *   const time = await client.request('time');
 *   console.log(time);
 * });
 *
 * @throws StelarError `ERR_OPTIONS_INVALID`, `ERR_CLIENT_URL_INVALID`, or
 * `ERR_TRANSPORT_UNAVAILABLE` for `mode: 'tcp'`.
 */
export class StelarClient extends ClientBase {
  constructor(url: string | number, options?: StelarClientOptions) {
    super(url, options, nodePlatform);
  }
}
