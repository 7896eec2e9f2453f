import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { HOOK_NAMES, type ClientHooks } from './client-hooks.js';
import { ClientErrorCode, StelarError } from './errors.js';
import { LOG_LEVELS, type Logger } from './logger.js';

// zod/mini rather than zod: the same validation, but tree-shakable. The
// minified browser bundle weighs 56 KB with it and 472 KB with the classic
// build, which brings every locale along. The English messages are passed
// per parse, so that nothing global is configured.
const PARSE_PARAMS = { reportInput: true, error: en().localeError } as const;

const MIB = 1024 * 1024;

function nonNegativeInt() {
  return z.int().check(z.nonnegative());
}

function positiveInt() {
  return z.int().check(z.positive());
}

function isFunction(value: unknown): boolean {
  return typeof value === 'function';
}

function fn<T>(what: string) {
  return z.custom<T>(isFunction, { error: `expected ${what}` });
}

function isLogger(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    ['debug', 'info', 'warn', 'error'].every(
      (name) => typeof (value as Record<string, unknown>)[name] === 'function',
    )
  );
}

const hooksShape = Object.fromEntries(
  HOOK_NAMES.map((name) => [name, z.optional(fn<never>('a function'))]),
);

// The shape is built from HOOK_NAMES, so zod cannot infer each hook's
// signature; the cast gives callers the ClientHooks types it checks.
const hooksSchema = z.strictObject(hooksShape) as unknown as z.ZodMiniType<
  ClientHooks,
  ClientHooks
>;

const loggerSchema = z.union(
  [z.enum(LOG_LEVELS), z.literal(false), z.custom<Logger>(isLogger)],
  {
    error:
      'expected debug, info, warn, error, silent, false, or an object with debug, info, warn and error methods',
  },
);

const optionsObject = z.strictObject({
  /** `'ws'`, or `'tcp'` for the binary TCP transport (Node.js only). */
  mode: z._default(z.enum(['ws', 'tcp']), 'ws'),
  /** Reconnect after a close the client did not ask for. */
  reconnection: z._default(z.boolean(), true),
  /** Attempts after a drop before `reconnect_failed`; `Infinity` allowed. */
  reconnectionAttempts: z._default(
    z.union([nonNegativeInt(), z.literal(Infinity)], {
      error: 'expected a whole number of at least 0, or Infinity',
    }),
    10,
  ),
  /** Base of the exponential backoff, in milliseconds. */
  reconnectionDelay: z._default(nonNegativeInt(), 1000),
  /** Cap of the backoff, in milliseconds. */
  maxReconnectionDelay: z._default(nonNegativeInt(), 30000),
  /** `(attempt, baseDelay, maxDelay) => ms`, replacing the backoff. */
  customReconnectDelay: z.optional(
    fn<(attempt: number, baseDelay: number, maxDelay: number) => number>(
      'a function (attempt, baseDelay, maxDelay) returning milliseconds',
    ),
  ),
  /** How often the client checks the link, in milliseconds. */
  heartbeatInterval: z._default(positiveInt(), 30000),
  /** Milliseconds a `request()` or a room change waits for its answer. */
  ackTimeout: z._default(positiveInt(), 5000),
  /** Messages kept while not connected; the oldest goes when full. */
  messageQueueSize: z._default(nonNegativeInt(), 100),
  /** Largest incoming message, in bytes; a larger one is dropped. */
  maxPayloadSize: z._default(positiveInt(), 10 * MIB),
  /**
   * Largest incoming frame, in bytes (a TCP frame's 7-byte header
   * included); a larger one closes the connection (Node.js).
   */
  maxFrameSize: z._default(positiveInt(), 10 * MIB),
  /**
   * Use `wss://` for a URL given as host:port or as a port; in TCP mode,
   * TLS whatever the URL.
   */
  tls: z._default(z.boolean(), false),
  /** Verify the server's certificate (Node.js). */
  rejectUnauthorized: z._default(z.boolean(), true),
  /** Extra handshake headers (Node.js, WebSocket only). */
  headers: z._default(z.record(z.string(), z.string()), {}),
  logger: z._default(loggerSchema, 'warn'),
  hooks: z._default(hooksSchema, {}),
});

const DELAY_OPTIONS = ['reconnectionDelay', 'maxReconnectionDelay'];
const HEADER_OPTIONS = ['mode', 'headers'];

function hasIssueAt(
  payload: { issues: readonly { path?: readonly PropertyKey[] }[] },
  keys: readonly string[],
): boolean {
  return payload.issues.some((issue) => keys.includes(String(issue.path?.[0])));
}

function delaysInOrder(options: {
  reconnectionDelay: number;
  maxReconnectionDelay: number;
}): boolean {
  return options.maxReconnectionDelay >= options.reconnectionDelay;
}

/** Headers travel in the WebSocket handshake; TCP has no handshake. */
function headersFitMode(options: {
  mode: 'ws' | 'tcp';
  headers: Record<string, string>;
}): boolean {
  return options.mode !== 'tcp' || Object.keys(options.headers).length === 0;
}

/**
 * The schema of every `StelarClient` option, with its documented default.
 * Unknown keys are errors.
 */
export const clientOptionsSchema = optionsObject.check(
  z.refine(delaysInOrder, {
    message:
      'maxReconnectionDelay must be at least reconnectionDelay, or the backoff has no room to grow',
    path: ['maxReconnectionDelay'],
    // zod skips a refinement once any option failed; these must still run
    // so that one error names every offending option. Each needs only its
    // own options to be valid.
    when: (payload) => !hasIssueAt(payload, DELAY_OPTIONS),
  }),
  z.refine(headersFitMode, {
    message:
      "headers have no effect in mode 'tcp', which has no handshake; send credentials in a first message",
    path: ['headers'],
    when: (payload) => !hasIssueAt(payload, HEADER_OPTIONS),
  }),
);

/** The options a caller passes to `new StelarClient(url, options)`. */
export type StelarClientOptions = z.input<typeof clientOptionsSchema>;

/** The options once validated and filled with defaults. */
export type ResolvedClientOptions = Readonly<
  z.output<typeof clientOptionsSchema>
>;

/** One offending option, as listed in `ERR_OPTIONS_INVALID` details. */
export interface OptionIssue {
  path: string;
  message: string;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function show(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value !== 'object' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const noun = issue.keys.length > 1 ? 'options' : 'option';
    return `unknown ${noun} ${issue.keys.join(', ')}`;
  }
  const message = issue.message.replace(/^Invalid input: /, '');
  // A rule across options (a refine) receives the whole options object,
  // which "got an object" would not explain.
  const acrossOptions = issue.code === 'custom' && isObject(issue.input);
  return 'input' in issue && issue.input !== undefined && !acrossOptions
    ? `${message}, got ${show(issue.input)}`
    : message;
}

function optionsError(error: z.core.$ZodError, what: string): StelarError {
  const issues: OptionIssue[] = error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(root)' : issue.path.join('.'),
    message: describeIssue(issue),
  }));
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new StelarError(
    ClientErrorCode.OPTIONS_INVALID,
    `Invalid ${what} options: ${list}`,
    { details: issues },
  );
}

/**
 * Validates client options and fills in defaults. The caller's object is not
 * modified; the result is frozen.
 *
 * @throws StelarError `ERR_OPTIONS_INVALID` listing every offending option.
 */
export function parseClientOptions(input: unknown): ResolvedClientOptions {
  const result = clientOptionsSchema.safeParse(input ?? {}, PARSE_PARAMS);
  if (!result.success) throw optionsError(result.error, 'StelarClient');
  return Object.freeze(result.data);
}

const updateSchema = z.partial(optionsObject);

/**
 * Validates an `updateOptions` call and returns the options in force after
 * it. Only the keys the caller gave change; the rest keep their values.
 *
 * @throws StelarError `ERR_OPTIONS_INVALID` listing every offending option.
 */
export function mergeClientOptions(
  current: ResolvedClientOptions,
  partial: unknown,
): ResolvedClientOptions {
  const result = updateSchema.safeParse(partial ?? {}, PARSE_PARAMS);
  if (!result.success) throw optionsError(result.error, 'updateOptions');

  const given = Object.keys(partial ?? {});
  const changes = Object.fromEntries(
    given.map((key) => [key, (result.data as Record<string, unknown>)[key]]),
  );
  // The merged options go through the whole schema again, for the rules
  // that tie options together.
  const merged = clientOptionsSchema.safeParse(
    { ...current, ...changes },
    PARSE_PARAMS,
  );
  if (!merged.success) throw optionsError(merged.error, 'updateOptions');
  return Object.freeze(merged.data);
}
