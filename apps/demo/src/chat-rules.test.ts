import { describe, expect, it } from 'vitest';
import {
  ChatErrorCode,
  MAX_FILE_BYTES,
  MAX_FILE_NAME_CHARS,
  MAX_NICK_CHARS,
  MAX_TEXT_CHARS,
  UNKNOWN_FILE_TYPE,
  checkChatMessage,
  checkNickname,
  checkSharedFile,
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

describe('checkSharedFile()', () => {
  const rooms = new Set(['lobby']);
  const meta = { room: 'lobby', name: 'cat.png', type: 'image/png' };
  const bytes = new Uint8Array([1, 2, 3]);

  it('accepts a file of the room, keeping its bytes as sent', () => {
    const result = checkSharedFile(meta, bytes, rooms);
    expect(result).toEqual({ ok: true, value: { ...meta, bytes } });
  });

  it('trims the name, and gives an untyped file the generic type', () => {
    const result = checkSharedFile(
      { ...meta, name: '  notes  ', type: '' },
      bytes,
      rooms,
    );
    expect(result).toMatchObject({
      ok: true,
      value: { name: 'notes', type: UNKNOWN_FILE_TYPE },
    });
  });

  it('accepts a name of exactly MAX_FILE_NAME_CHARS, emoji counting as one', () => {
    const name = '📎'.repeat(MAX_FILE_NAME_CHARS);
    expect(checkSharedFile({ ...meta, name }, bytes, rooms)).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['a string announcement', 'cat.png', bytes, ChatErrorCode.INVALID_PAYLOAD],
    [
      'an announcement without a type',
      { room: 'lobby', name: 'cat.png' },
      bytes,
      ChatErrorCode.INVALID_PAYLOAD,
    ],
    ['JSON instead of bytes', meta, [1, 2, 3], ChatErrorCode.INVALID_PAYLOAD],
    [
      'a room the sender is not in',
      { ...meta, room: 'attic' },
      bytes,
      ChatErrorCode.NOT_A_MEMBER,
    ],
    ['a blank name', { ...meta, name: ' ' }, bytes, ChatErrorCode.FILE_INVALID],
    [
      'a name one character too long',
      { ...meta, name: 'n'.repeat(MAX_FILE_NAME_CHARS + 1) },
      bytes,
      ChatErrorCode.FILE_INVALID,
    ],
    [
      'a control character in the name',
      { ...meta, name: 'a\u0000b' },
      bytes,
      ChatErrorCode.FILE_INVALID,
    ],
    [
      'a type with parameters',
      { ...meta, type: 'text/plain; charset=utf-8' },
      bytes,
      ChatErrorCode.FILE_INVALID,
    ],
    ['no bytes', meta, new Uint8Array(0), ChatErrorCode.FILE_EMPTY],
    [
      'one byte over MAX_FILE_BYTES',
      meta,
      new Uint8Array(MAX_FILE_BYTES + 1),
      ChatErrorCode.FILE_TOO_LARGE,
    ],
  ])('refuses %s', (_, input, data, code) => {
    expect(checkSharedFile(input, data, rooms)).toMatchObject({
      ok: false,
      code,
    });
  });
});
