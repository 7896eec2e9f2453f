import { z } from 'zod';
import { CoreErrorCode, StelarError } from './errors.js';
import type { IIPTracker, IRateLimiter } from './extensions.js';
import { HOOK_NAMES, type HookName, type StelarHooks } from './hooks.js';
import { LOG_LEVELS, type Logger } from './logger.js';
import type { StelarStats } from './stats.js';

const port = z.number().int().min(0).max(65535);
const positiveInt = z.number().int().positive();
const positiveMs = z.number().int().positive();

function isFunction(value: unknown): boolean {
  return typeof value === 'function';
}

function hasMethods(names: readonly string[]) {
  return (value: unknown): boolean =>
    typeof value === 'object' &&
    value !== null &&
    names.every(
      (name) => typeof (value as Record<string, unknown>)[name] === 'function',
    );
}

function fn<T>(what: string) {
  return z.custom<T>(isFunction, { message: `expected ${what}` });
}

/** A token bucket: `maxPoints` messages per `windowMs` milliseconds. */
export const rateLimitConfigSchema = z.strictObject({
  /** Messages allowed per window. */
  maxPoints: z.number().int().min(1).default(100),
  /** Window length in milliseconds. */
  windowMs: z.number().positive().finite().default(1000),
});

const eventRateLimitSchema = z.strictObject({
  maxPoints: z.number().int().min(1),
  windowMs: z.number().positive().finite(),
});

// Typed per hook so that callers' hook functions type-check: built from the
// name list, the shape would otherwise type every hook as undefined.
type HookSchemas = {
  [Name in HookName]: z.ZodOptional<
    z.ZodCustom<NonNullable<StelarHooks[Name]>, NonNullable<StelarHooks[Name]>>
  >;
};

const hooksShape = Object.fromEntries(
  HOOK_NAMES.map((name) => [name, fn<never>('a function').optional()]),
) as unknown as HookSchemas;

/** Every hook is optional; an unknown hook name is an error. */
export const hooksSchema = z
  .strictObject(hooksShape)
  .transform((hooks) => hooks as StelarHooks);

const loggerSchema = z.union(
  [
    z.enum(LOG_LEVELS),
    z.literal(false),
    z.custom<Logger>(hasMethods(['debug', 'info', 'warn', 'error']), {
      message:
        'expected a level name, false, or an object with debug, info, warn and error methods',
    }),
  ],
  {
    error:
      'expected debug, info, warn, error, silent, false, or an object with debug, info, warn and error methods',
  },
);

/** A user's HTTP server: anything with `on` and `listeners`, as http.Server. */
const httpServerSchema = z.custom<import('node:http').Server>(
  hasMethods(['on', 'listeners', 'removeListener', 'address']),
  { message: 'expected an http.Server or https.Server instance' },
);

/** TLS options as `tls.createServer` takes them; needs `key`+`cert` or `pfx`. */
const tlsSchema = z.custom<import('node:tls').TlsOptions>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    (('key' in value && 'cert' in value) || 'pfx' in value),
  { message: 'expected an object with key and cert (or pfx)' },
);

const originsSchema = z.array(z.string().min(1)).nullable().optional();

const optionsObject = z.strictObject({
  /** HTTP/WebSocket port; the next free one is used when busy. */
  port: port.default(3000),
  server: httpServerSchema.optional(),
  /** WebSocket upgrade path. */
  namespace: z
    .string()
    .regex(/^\/[^?#]*$/, 'expected a path starting with "/"')
    .default('/'),
  tcpPort: z
    .union([port, z.literal(false)], {
      error: 'expected a port number from 0 to 65535, or false',
    })
    .optional(),

  maxConnections: positiveInt.default(10000),
  maxConnectionsPerIP: positiveInt.default(50),
  maxRooms: positiveInt.default(10000),
  maxRoomsPerClient: positiveInt.default(50),
  /** Largest incoming message, in bytes. */
  maxPayloadSize: positiveInt.default(10 * 1024 * 1024),
  /**
   * Bytes a client may leave unread before the slow-client policy applies:
   * close with `1013`, or drop messages when `onSlowClient` returns false.
   */
  maxBufferedBytes: positiveInt.default(4 * 1024 * 1024),
  /** Largest incoming frame, in bytes. */
  maxFrameSize: positiveInt.default(10 * 1024 * 1024),

  rateLimit: z
    .union([rateLimitConfigSchema, z.literal(false)], {
      error:
        'expected { maxPoints, windowMs } with whole maxPoints of at least 1 and a positive windowMs, or false',
    })
    .default({ maxPoints: 100, windowMs: 1000 }),
  eventRateLimits: z.record(z.string(), eventRateLimitSchema).default({}),
  customRateLimiter: z
    .custom<IRateLimiter>(hasMethods(['check', 'reset', 'cleanup', 'size']), {
      message: 'expected an object with check, reset, cleanup and size methods',
    })
    .optional(),

  /** Milliseconds between server pings. */
  heartbeatInterval: positiveMs.default(30000),
  /** Milliseconds of silence before a client is dropped; 2 × interval. */
  heartbeatTimeout: positiveMs.optional(),
  /** Milliseconds from the upgrade request to the welcome. */
  connectTimeout: positiveMs.default(10000),

  gracefulShutdown: z.boolean().default(true),
  /** Milliseconds `stop()` waits for clients before terminating them. */
  shutdownTimeout: z.number().int().nonnegative().default(10000),

  healthEndpoint: z
    .union(
      [
        z.string().regex(/^\/[^?#]*$/, 'expected a path starting with "/"'),
        z.literal(false),
      ],
      { error: 'expected a path starting with "/", or false' },
    )
    .default('/health'),
  customHealthHandler: fn<
    (
      req: import('node:http').IncomingMessage,
      res: import('node:http').ServerResponse,
      stats: StelarStats,
    ) => void | Promise<void>
  >('a function (req, res, stats)').optional(),

  allowedOrigins: originsSchema,
  tls: tlsSchema.optional(),
  compression: z.boolean().default(false),
  logger: loggerSchema.default('info'),

  customIPTracker: z
    .custom<IIPTracker>(
      hasMethods(['check', 'add', 'remove', 'getCount', 'cleanup']),
      {
        message:
          'expected an object with check, add, remove, getCount and cleanup methods',
      },
    )
    .optional(),
  generateClientId: fn<() => string>(
    'a function returning a string',
  ).optional(),
  hooks: hooksSchema.default({}),
});

/**
 * The schema of every `StelarServer` option, with its documented default.
 * Unknown keys are errors.
 */
export const stelarOptionsSchema = optionsObject
  .superRefine(
    (options, ctx) => {
      const timeout = options.heartbeatTimeout;
      if (timeout === undefined || timeout > options.heartbeatInterval) return;
      ctx.addIssue({
        code: 'custom',
        input: timeout,
        path: ['heartbeatTimeout'],
        message:
          'heartbeatTimeout must be longer than heartbeatInterval, or every idle client is dropped between two pings',
      });
    },
    // Zod skips a refinement once any option failed; this one must still run
    // so that the one error names every offending option. It needs only the
    // two heartbeat options to be valid themselves.
    { when: (payload) => !payload.issues.some(isHeartbeatIssue) },
  )
  .superRefine(
    (options, ctx) => {
      // The WebSocket port moves up when taken, but never onto tcpPort; two
      // listeners asked for the same port cannot both start.
      const { port, tcpPort, server } = options;
      if (server !== undefined || port === 0 || tcpPort !== port) return;
      ctx.addIssue({
        code: 'custom',
        input: tcpPort,
        path: ['tcpPort'],
        message: 'tcpPort must differ from port',
      });
    },
    { when: (payload) => !payload.issues.some(isPortIssue) },
  )
  .transform((options) => ({
    ...options,
    heartbeatTimeout: options.heartbeatTimeout ?? options.heartbeatInterval * 2,
  }));

function isPortIssue(issue: z.core.$ZodRawIssue): boolean {
  const key = issue.path?.[0];
  return key === 'port' || key === 'tcpPort' || key === 'server';
}

function isHeartbeatIssue(issue: z.core.$ZodRawIssue): boolean {
  const key = issue.path?.[0];
  return key === 'heartbeatInterval' || key === 'heartbeatTimeout';
}

/** The options a caller passes to `new StelarServer(options)`. */
export type StelarOptions = z.input<typeof stelarOptionsSchema>;

/** The options once validated and filled with defaults. */
export type ResolvedOptions = Readonly<z.output<typeof stelarOptionsSchema>>;

/** One offending option, as listed in `ERR_OPTIONS_INVALID` details. */
export interface OptionIssue {
  path: string;
  message: string;
}

/** Turns a zod failure into the one documented error. */
export function optionsError(
  error: z.ZodError,
  what: string,
  extra: OptionIssue[] = [],
): StelarError {
  const issues: OptionIssue[] = error.issues.flatMap((issue) =>
    isFixedKeyIssue(issue, extra) ? [] : [describeAt(issue)],
  );
  issues.push(...extra);
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new StelarError(
    CoreErrorCode.OPTIONS_INVALID,
    `Invalid ${what} options: ${list}`,
    { details: issues },
  );
}

/** An unknown-key issue naming only keys that `extra` explains better. */
function isFixedKeyIssue(
  issue: z.core.$ZodIssue,
  extra: OptionIssue[],
): boolean {
  return (
    issue.code === 'unrecognized_keys' &&
    issue.keys.every((key) => extra.some((e) => e.path === key))
  );
}

function describeAt(issue: z.core.$ZodIssue): OptionIssue {
  return {
    path: issue.path.length === 0 ? '(root)' : issue.path.join('.'),
    message: describeIssue(issue),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const noun = issue.keys.length > 1 ? 'options' : 'option';
    return `unknown ${noun} ${issue.keys.join(', ')}`;
  }
  const message = issue.message.replace(/^Invalid input: /, '');
  // zod's own type messages already say what was received.
  const saysInput = /received/.test(message);
  return 'input' in issue && issue.input !== undefined && !saysInput
    ? `${message}, got ${show(issue.input)}`
    : message;
}

function show(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value !== 'object' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/**
 * Validates server options and fills in defaults. The caller's object is not
 * modified; the result is frozen.
 *
 * @throws StelarError `ERR_OPTIONS_INVALID` listing every offending option.
 */
export function parseOptions(input: unknown = {}): ResolvedOptions {
  const result = stelarOptionsSchema.safeParse(input ?? {}, {
    reportInput: true,
  });
  if (!result.success) throw optionsError(result.error, 'StelarServer');
  return Object.freeze(result.data);
}

const updateSchema = optionsObject
  .pick({
    maxConnections: true,
    maxConnectionsPerIP: true,
    maxRooms: true,
    maxRoomsPerClient: true,
    maxPayloadSize: true,
    maxBufferedBytes: true,
    rateLimit: true,
    eventRateLimits: true,
    allowedOrigins: true,
    hooks: true,
  })
  .partial();

/**
 * Validates an `updateConfig` call and returns the options in force after it.
 * Only the keys the caller gave change; the rest keep their values.
 *
 * @throws StelarError `ERR_OPTIONS_INVALID` listing every offending option,
 * including options that cannot change on a running server.
 */
export function mergeOptions(
  current: ResolvedOptions,
  partial: unknown,
): ResolvedOptions {
  if (typeof partial !== 'object' || partial === null) {
    throw optionsError(new z.ZodError([]), 'updateConfig', [
      { path: '(root)', message: 'expected an object of options' },
    ]);
  }
  // An option given as undefined is left as it is, not reset to its default.
  const given = Object.fromEntries(
    Object.entries(partial).filter(([, value]) => value !== undefined),
  );
  const fixed = Object.keys(given).filter(
    (key) => key in optionsObject.shape && !(key in updateSchema.shape),
  );
  const result = updateSchema.safeParse(given, { reportInput: true });
  if (!result.success || fixed.length > 0) {
    throw optionsError(
      result.error ?? new z.ZodError([]),
      'updateConfig',
      fixed.map((key) => ({
        path: key,
        message: `${key} cannot change on a running server`,
      })),
    );
  }

  const parsed = result.data as Record<string, unknown>;
  const changes = Object.fromEntries(
    Object.keys(given).map((key) => [key, parsed[key]]),
  );
  return Object.freeze({ ...current, ...changes });
}

/** A partial configuration for `updateConfig`. */
export type UpdatableOptions = z.input<typeof updateSchema>;
