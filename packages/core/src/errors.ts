import { StelarError, isStelarError } from '@stelar/common';

export { StelarError, isStelarError };
export type { StelarErrorOptions } from '@stelar/common';

/** The error codes of `@stelar/core`. */
export const CoreErrorCode = {
  OPTIONS_INVALID: 'ERR_OPTIONS_INVALID',
  CLIENT_ID_DUPLICATE: 'ERR_CLIENT_ID_DUPLICATE',
  CLIENT_ID_INVALID: 'ERR_CLIENT_ID_INVALID',
  HANDLER_INVALID: 'ERR_HANDLER_INVALID',
  EVENT_NAME_INVALID: 'ERR_EVENT_NAME_INVALID',
  SERVER_STATE: 'ERR_SERVER_STATE',
} as const;

/** Message of each core error code, for the registry test. */
export const CORE_ERROR_MESSAGES: Record<keyof typeof CoreErrorCode, string> = {
  OPTIONS_INVALID: 'the options failed validation',
  CLIENT_ID_DUPLICATE: 'generateClientId returned an id already in use',
  CLIENT_ID_INVALID: 'generateClientId returned something other than a string',
  HANDLER_INVALID: 'a handler or middleware is not a function',
  EVENT_NAME_INVALID: 'a handler was registered for a name no client can send',
  SERVER_STATE: 'the server is not in a state that allows this call',
};
