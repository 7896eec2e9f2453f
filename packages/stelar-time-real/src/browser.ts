// The browser entry: the client alone, never the server's Node.js code.
export {
  ClientErrorCode,
  StelarClient,
  StelarError,
  isStelarError,
} from '@stelar/client';
export type {
  ClientEventMap,
  ClientHooks,
  ClientState,
  StelarClientOptions,
} from '@stelar/client';
export { CloseCode, RefusalCode } from '@stelar/protocol';
