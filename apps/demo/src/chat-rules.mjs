/**
 * The rules a chat message and a nickname must follow, as pure functions:
 * each returns the cleaned value, or a refusal the server sends back as a
 * `chat-error` event.
 */

/** Longest chat message, in characters (Unicode code points). */
export const MAX_TEXT_CHARS = 2000;

/** Longest nickname, in characters (Unicode code points). */
export const MAX_NICK_CHARS = 32;

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

// Control characters would let a nickname fake line breaks or hide itself.
const CONTROL_CHARACTER = /\p{Cc}/u;

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
