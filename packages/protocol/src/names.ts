/** Longest event or room name, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 256;

const EVENT_NAME_PATTERN = /^[A-Za-z0-9_\-.\/:]{1,256}$/;

/**
 * Events the protocol itself uses. They are never delivered to application
 * handlers, in either direction.
 */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set([
  'ping',
  'pong',
  'connect',
  'disconnect',
  'error',
  'reconnecting',
  'reconnect_failed',
  'join-room',
  'leave-room',
  'joined-room',
  'left-room',
]);

/** Prefix of every protocol-owned event name. */
export const RESERVED_PREFIX = 'stelar:';

/**
 * Tells whether `name` is a well-formed event name: 1 to 256 ASCII letters,
 * digits and `_ - . / :`. The pattern admits only ASCII, so the character
 * count is also the UTF-8 byte count.
 */
export function isValidEventName(name: unknown): name is string {
  return typeof name === 'string' && EVENT_NAME_PATTERN.test(name);
}

/** Tells whether `name` belongs to the protocol rather than the application. */
export function isReservedEventName(name: string): boolean {
  return RESERVED_EVENTS.has(name) || name.startsWith(RESERVED_PREFIX);
}

/** Tells whether `name` is a valid room name: 1 to 256 UTF-8 bytes. */
export function isValidRoomName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0) return false;

  // A UTF-16 unit encodes to at most 3 UTF-8 bytes, so short names need no
  // encoding to be judged.
  if (name.length * 3 <= MAX_NAME_BYTES) return true;
  if (name.length > MAX_NAME_BYTES) return false;
  return utf8ByteLength(name) <= MAX_NAME_BYTES;
}

/** Counts the UTF-8 bytes of `text` without allocating. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    } else bytes += 3;
  }
  return bytes;
}
