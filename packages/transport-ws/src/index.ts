export { WsTransport } from './ws-transport.js';
export type { RequestHandler, WsTransportOptions } from './ws-transport.js';
export { wsCodec } from './ws-codec.js';
export type { WsFrame } from './ws-codec.js';
