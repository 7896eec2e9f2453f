import { describe, expect, it } from 'vitest';

import { formatValue } from './format-value.js';

describe('formatValue()', () => {
  it.each([
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    ['5', '"5"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[1], 'an array'],
    [{ maxPoints: 1 }, 'an object'],
    [() => 1, 'a function'],
  ])('renders %o as %s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});
