export { WsTransport } from './ws-transport.js';
export type { RequestHandler, WsTransportOptions } from './ws-transport.js';
