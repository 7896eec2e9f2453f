/**
 * The rules a chat message, a shared file and a nickname must follow, as
 * pure functions: each returns the cleaned value, or a refusal the server
 * sends back as a `chat-error` event.
 */

/** Longest chat message, in characters (Unicode code points). */
export const MAX_TEXT_CHARS = 2000;

/** Longest nickname, in characters (Unicode code points). */
export const MAX_NICK_CHARS = 32;

/**
 * Largest shared file, in bytes. The server relays a file to every
 * connected page (see create-chat-stelar.mjs), so it stays small.
 */
export const MAX_FILE_BYTES = 256 * 1024;

/** Longest file name, in characters (Unicode code points). */
export const MAX_FILE_NAME_CHARS = 120;

/** The type of a file whose sender did not know it, as browsers leave it. */
export const UNKNOWN_FILE_TYPE = 'application/octet-stream';

/**
 * The codes of a `chat-error` refusal. They are the demo's own, beside the
 * library's `stelar:error` codes, and never reuse one of those.
 */
export const ChatErrorCode = Object.freeze({
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  NOT_A_MEMBER: 'NOT_A_MEMBER',
  TEXT_EMPTY: 'TEXT_EMPTY',
  TEXT_TOO_LONG: 'TEXT_TOO_LONG',
  NICK_INVALID: 'NICK_INVALID',
  FILE_UNANNOUNCED: 'FILE_UNANNOUNCED',
  FILE_INVALID: 'FILE_INVALID',
  FILE_EMPTY: 'FILE_EMPTY',
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
});

/**
 * @typedef {{ ok: true, value: T }} Accepted
 * @template T
 */

/**
 * @typedef {object} Refusal
 * @property {false} ok
 * @property {string} code One of {@link ChatErrorCode}.
 * @property {string} message One sentence naming the offending value.
 */

/**
 * @typedef {object} ChatMessage
 * @property {string} room
 * @property {string} text
 */

/**
 * @typedef {object} SharedFile
 * @property {string} room
 * @property {string} name
 * @property {string} type A MIME type, {@link UNKNOWN_FILE_TYPE} if none.
 * @property {Uint8Array} bytes
 */

// Control characters would let a nickname fake line breaks or hide itself.
const CONTROL_CHARACTER = /\p{Cc}/u;

// type "/" subtype, with the characters RFC 6838 allows in each; parameters
// (";charset=…") are left out, as nothing on the page needs them.
const MIME_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;

/**
 * Counts code points, not UTF-16 units, so an emoji counts as one character
 * the way the person typing it sees it.
 *
 * @param {string} text
 */
function countChars(text) {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * @param {string} code
 * @param {string} message
 * @returns {Refusal}
 */
function refusal(code, message) {
  return { ok: false, code, message };
}

/**
 * Checks a nickname: a string of 1 to {@link MAX_NICK_CHARS} characters once
 * trimmed, without control characters.
 *
 * @param {unknown} input
 * @returns {Accepted<string> | Refusal}
 */
export function checkNickname(input) {
  if (typeof input !== 'string') {
    return refusal(
      ChatErrorCode.NICK_INVALID,
      `a nickname must be a string, got ${typeof input}`,
    );
  }

  const nick = input.trim();
  const length = countChars(nick);
  if (length === 0 || length > MAX_NICK_CHARS) {
    return refusal(
      ChatErrorCode.NICK_INVALID,
      `a nickname must have 1 to ${MAX_NICK_CHARS} characters, got ${length}`,
    );
  }
  if (CONTROL_CHARACTER.test(nick)) {
    return refusal(
      ChatErrorCode.NICK_INVALID,
      'a nickname must not contain control characters',
    );
  }
  return { ok: true, value: nick };
}

/**
 * Checks the payload of a `chat` event: `{ room, text }` with a room the
 * sender is in and a text of 1 to {@link MAX_TEXT_CHARS} characters that is
 * not only white space. The text is kept as typed, spaces included.
 *
 * @param {unknown} input
 * @param {ReadonlySet<string>} senderRooms
 * @returns {Accepted<ChatMessage> | Refusal}
 */
export function checkChatMessage(input, senderRooms) {
  if (!isChatShaped(input)) {
    return refusal(
      ChatErrorCode.INVALID_PAYLOAD,
      'a chat message must be an object with a string room and a string text',
    );
  }

  const { room, text } = input;
  if (!senderRooms.has(room)) {
    return refusal(
      ChatErrorCode.NOT_A_MEMBER,
      `join room "${room}" before sending to it`,
    );
  }
  if (text.trim().length === 0) {
    return refusal(
      ChatErrorCode.TEXT_EMPTY,
      'a chat message must not be empty',
    );
  }
  const length = countChars(text);
  if (length > MAX_TEXT_CHARS) {
    return refusal(
      ChatErrorCode.TEXT_TOO_LONG,
      `a chat message may have at most ${MAX_TEXT_CHARS} characters, got ${length}`,
    );
  }
  return { ok: true, value: { room, text } };
}

/**
 * Checks a shared file: the `file-meta` that announced it (`{ room, name,
 * type }`, with a room the sender is in, a name of 1 to
 * {@link MAX_FILE_NAME_CHARS} characters without control characters, and a
 * MIME type or an empty string) and its bytes, 1 to {@link MAX_FILE_BYTES}
 * of them. The name is trimmed; an empty type becomes
 * {@link UNKNOWN_FILE_TYPE}.
 *
 * @param {unknown} meta
 * @param {unknown} bytes
 * @param {ReadonlySet<string>} senderRooms
 * @returns {Accepted<SharedFile> | Refusal}
 */
export function checkSharedFile(meta, bytes, senderRooms) {
  if (!isFileMetaShaped(meta) || !(bytes instanceof Uint8Array)) {
    return refusal(
      ChatErrorCode.INVALID_PAYLOAD,
      'a file must be announced by an object with a string room, name and type, then sent as bytes',
    );
  }
  if (!senderRooms.has(meta.room)) {
    return refusal(
      ChatErrorCode.NOT_A_MEMBER,
      `join room "${meta.room}" before sending to it`,
    );
  }

  const name = meta.name.trim();
  const nameLength = countChars(name);
  if (nameLength === 0 || nameLength > MAX_FILE_NAME_CHARS) {
    return refusal(
      ChatErrorCode.FILE_INVALID,
      `a file name must have 1 to ${MAX_FILE_NAME_CHARS} characters, got ${nameLength}`,
    );
  }
  if (CONTROL_CHARACTER.test(name)) {
    return refusal(
      ChatErrorCode.FILE_INVALID,
      'a file name must not contain control characters',
    );
  }
  if (meta.type !== '' && !MIME_TYPE.test(meta.type)) {
    return refusal(
      ChatErrorCode.FILE_INVALID,
      `a file type must be a MIME type such as image/png, got "${meta.type.slice(0, 40)}"`,
    );
  }
  return checkFileSize(meta.room, name, meta.type, bytes);
}

/**
 * @param {string} room
 * @param {string} name
 * @param {string} type
 * @param {Uint8Array} bytes
 * @returns {Accepted<SharedFile> | Refusal}
 */
function checkFileSize(room, name, type, bytes) {
  if (bytes.byteLength === 0) {
    return refusal(ChatErrorCode.FILE_EMPTY, `the file "${name}" is empty`);
  }
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return refusal(
      ChatErrorCode.FILE_TOO_LARGE,
      `a file may have at most ${MAX_FILE_BYTES} bytes, got ${bytes.byteLength}`,
    );
  }
  const value = { room, name, type: type === '' ? UNKNOWN_FILE_TYPE : type };
  return { ok: true, value: { ...value, bytes } };
}

/**
 * @param {unknown} input
 * @returns {input is { room: string, name: string, type: string }}
 */
function isFileMetaShaped(input) {
  if (typeof input !== 'object' || input === null) return false;
  const record = /** @type {Record<string, unknown>} */ (input);
  return (
    typeof record.room === 'string' &&
    typeof record.name === 'string' &&
    typeof record.type === 'string'
  );
}

/**
 * @param {unknown} input
 * @returns {input is ChatMessage}
 */
function isChatShaped(input) {
  return (
    typeof input === 'object' &&
    input !== null &&
    typeof (/** @type {Record<string, unknown>} */ (input).room) === 'string' &&
    typeof (/** @type {Record<string, unknown>} */ (input).text) === 'string'
  );
}
