import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './is-origin-allowed.js';

const LIST = ['https://app.example.com', 'http://localhost:5173'];

describe('isOriginAllowed()', () => {
  it('allows a listed origin', () => {
    expect(isOriginAllowed('https://app.example.com', LIST)).toBe(true);
    expect(isOriginAllowed('http://localhost:5173', LIST)).toBe(true);
  });

  it('ignores case on both sides', () => {
    expect(isOriginAllowed('HTTPS://App.Example.COM', LIST)).toBe(true);
    expect(
      isOriginAllowed('https://app.example.com', ['HTTPS://APP.EXAMPLE.COM']),
    ).toBe(true);
  });

  it('refuses an origin that differs in scheme, host or port', () => {
    expect(isOriginAllowed('http://app.example.com', LIST)).toBe(false);
    expect(isOriginAllowed('https://evil.example.com', LIST)).toBe(false);
    expect(isOriginAllowed('http://localhost:5174', LIST)).toBe(false);
    expect(isOriginAllowed('http://localhost', LIST)).toBe(false);
  });

  it('refuses a prefix or an extension of a listed origin', () => {
    expect(isOriginAllowed('https://app.example.com.evil.net', LIST)).toBe(
      false,
    );
    expect(isOriginAllowed('https://app.example.co', LIST)).toBe(false);
  });

  it('does not normalise a trailing slash or a default port', () => {
    expect(isOriginAllowed('https://app.example.com/', LIST)).toBe(false);
    expect(isOriginAllowed('https://app.example.com:443', LIST)).toBe(false);
  });

  it('matches the literal origin null only when it is listed', () => {
    expect(isOriginAllowed('null', LIST)).toBe(false);
    expect(isOriginAllowed('null', [...LIST, 'null'])).toBe(true);
  });

  it('refuses a missing origin when a list is set', () => {
    expect(isOriginAllowed(undefined, LIST)).toBe(false);
  });

  it('refuses every origin when the list is empty', () => {
    expect(isOriginAllowed('https://app.example.com', [])).toBe(false);
  });

  it('allows every origin, or none given, without a list', () => {
    expect(isOriginAllowed('https://anywhere.example', null)).toBe(true);
    expect(isOriginAllowed('null', undefined)).toBe(true);
    expect(isOriginAllowed(undefined, null)).toBe(true);
  });
});
