import { describe, expect, it } from 'vitest';
import {
  ChatErrorCode,
  MAX_NICK_CHARS,
  MAX_TEXT_CHARS,
  checkChatMessage,
  checkNickname,
} from './chat-rules.mjs';

describe('checkNickname()', () => {
  it('trims the nickname', () => {
    expect(checkNickname('  Ada \t')).toEqual({ ok: true, value: 'Ada' });
  });

  it('accepts exactly MAX_NICK_CHARS characters, emoji counting as one', () => {
    const nick = '🦊'.repeat(MAX_NICK_CHARS);
    expect(checkNickname(nick)).toEqual({ ok: true, value: nick });
  });

  it.each([
    ['an empty string', ''],
    ['only spaces', '    '],
    ['one character too many', 'n'.repeat(MAX_NICK_CHARS + 1)],
    ['a control character', 'Ada\u0007'],
    ['a number', 7],
    ['null', null],
  ])('refuses %s with NICK_INVALID', (_, input) => {
    expect(checkNickname(input)).toMatchObject({
      ok: false,
      code: ChatErrorCode.NICK_INVALID,
    });
  });
});

describe('checkChatMessage()', () => {
  const rooms = new Set(['lobby']);

  it('keeps the text as typed, spaces included', () => {
    expect(checkChatMessage({ room: 'lobby', text: '  hi  ' }, rooms)).toEqual({
      ok: true,
      value: { room: 'lobby', text: '  hi  ' },
    });
  });

  it.each([
    ['a string payload', 'hi', ChatErrorCode.INVALID_PAYLOAD],
    ['a missing text', { room: 'lobby' }, ChatErrorCode.INVALID_PAYLOAD],
    [
      'a room the sender is not in',
      { room: 'attic', text: 'hi' },
      ChatErrorCode.NOT_A_MEMBER,
    ],
    ['a blank text', { room: 'lobby', text: ' \n ' }, ChatErrorCode.TEXT_EMPTY],
    [
      'a text one character too long',
      { room: 'lobby', text: 'x'.repeat(MAX_TEXT_CHARS + 1) },
      ChatErrorCode.TEXT_TOO_LONG,
    ],
  ])('refuses %s', (_, input, code) => {
    expect(checkChatMessage(input, rooms)).toMatchObject({ ok: false, code });
  });

  it('checks membership before length, so outsiders learn nothing more', () => {
    const result = checkChatMessage(
      { room: 'attic', text: 'x'.repeat(MAX_TEXT_CHARS + 1) },
      rooms,
    );
    expect(result).toMatchObject({ code: ChatErrorCode.NOT_A_MEMBER });
  });
});
