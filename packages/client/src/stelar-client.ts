import { ClientBase, type Platform } from './client-base.js';
import { ClientErrorCode, StelarError } from './errors.js';
import type { StelarClientOptions } from './options.js';
import { resolveUrl } from './resolve-url.js';
import { WsLink } from './ws-link.js';

function nodeOnly(what: string, why: string): StelarError {
  return new StelarError(
    ClientErrorCode.NODE_ONLY,
    `${what} works only in Node.js, because ${why}`,
  );
}

const browserPlatform: Platform = {
  assertSupported(options) {
    if (options.mode === 'tcp') {
      throw nodeOnly(
        "mode 'tcp'",
        "browsers cannot open TCP sockets; use mode 'ws'",
      );
    }
    if (Object.keys(options.headers).length > 0) {
      throw nodeOnly(
        'headers',
        'a page cannot set WebSocket handshake headers; send credentials in the URL or a first message',
      );
    }
    if (!options.rejectUnauthorized) {
      throw nodeOnly(
        'rejectUnauthorized: false',
        'browsers decide certificate trust themselves; install the certificate in the browser',
      );
    }
  },

  resolveUrl(input, options) {
    return resolveUrl(input, options.tls);
  },

  createLink(_options, linkOptions, events) {
    return new WsLink(linkOptions, events);
  },

  watchOnline(listener) {
    // Workers and other hosts without window events have no online signal.
    if (typeof globalThis.addEventListener !== 'function') return noop;
    globalThis.addEventListener('online', listener);
    return () => globalThis.removeEventListener('online', listener);
  },
};

function noop(): void {}

/**
 * The stelar client, for browsers: the native `WebSocket`, and a
 * reconnection at once when the page comes back online.
 *
 * @example
 * const client = new StelarClient('localhost:3000');
 * client.on('chat', (message) => console.log(message));
 * client.connect(() => client.emit('chat', 'hello'));
 *
 * @throws StelarError `ERR_OPTIONS_INVALID`, `ERR_CLIENT_URL_INVALID`, or
 * `ERR_CLIENT_NODE_ONLY` for `mode: 'tcp'`, `headers` or
 * `rejectUnauthorized: false`.
 */
export class StelarClient extends ClientBase {
  constructor(url: string | number, options?: StelarClientOptions) {
    super(url, options, browserPlatform);
  }
}
