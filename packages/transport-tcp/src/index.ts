export { TcpTransport } from './tcp-transport.js';
export { tcpCodec } from './tcp-codec.js';
export { TcpErrorCode } from './errors.js';
