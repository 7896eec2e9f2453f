import { describe, expect, it } from 'vitest';
import {
  formatSpread,
  formatTable,
  ratioOverRepeats,
  summarizeRuns,
  workloadTable,
} from './report.mjs';

const metrics = [
  { key: 'cpu', label: 'CPU µs/op', digits: 1, headline: true },
  { key: 'lost', label: 'lost', digits: 0, worst: true },
];

describe('summarizeRuns()', () => {
  it('summarises a metric by median and spread over the successful runs', () => {
    const runs = [
      { repeat: 1, result: { cpu: 3, lost: 0 } },
      { repeat: 2, error: 'boom' },
      { repeat: 3, result: { cpu: 1, lost: 0 } },
      { repeat: 4, result: { cpu: 2, lost: 0 } },
    ];
    expect(summarizeRuns(metrics, runs).cpu).toEqual({
      median: 2,
      min: 1,
      max: 3,
    });
  });

  it('reports the worst value of a must-be-zero metric', () => {
    const runs = [
      { repeat: 1, result: { cpu: 1, lost: 0 } },
      { repeat: 2, result: { cpu: 1, lost: 7 } },
      { repeat: 3, result: { cpu: 1, lost: 0 } },
    ];
    expect(summarizeRuns(metrics, runs).lost?.median).toBe(7);
  });
});

describe('ratioOverRepeats()', () => {
  it('divides within each repeat before summarising', () => {
    const subject = [
      { repeat: 1, result: { cpu: 2 } },
      { repeat: 2, result: { cpu: 6 } },
    ];
    const other = [
      { repeat: 2, result: { cpu: 3 } },
      { repeat: 1, result: { cpu: 4 } },
    ];
    expect(ratioOverRepeats(subject, other, 'cpu')).toEqual({
      median: 1.25,
      min: 0.5,
      max: 2,
    });
  });

  it('skips a repeat in which either side failed', () => {
    const subject = [
      { repeat: 1, result: { cpu: 2 } },
      { repeat: 2, result: { cpu: 9 } },
    ];
    const other = [
      { repeat: 1, result: { cpu: 1 } },
      { repeat: 2, error: 'boom' },
    ];
    expect(ratioOverRepeats(subject, other, 'cpu').median).toBe(2);
  });
});

describe('formatSpread()', () => {
  it('prints median then min and max', () => {
    expect(
      formatSpread({ median: 1234.5, min: 1000, max: 2000 }, 0, false),
    ).toBe('1,235 (1,000–2,000)');
  });

  it('prints the bare value when there is no spread or it is a worst value', () => {
    expect(formatSpread({ median: 1, min: 1, max: 1 }, 2, false)).toBe('1.00');
    expect(formatSpread({ median: 3, min: 0, max: 3 }, 0, true)).toBe('3');
  });

  it('prints a dash for a missing figure', () => {
    const none = { median: Number.NaN, min: Number.NaN, max: Number.NaN };
    expect(formatSpread(none, 1, false)).toBe('-');
  });
});

describe('formatTable()', () => {
  it('left-aligns the first column and right-aligns the others', () => {
    expect(
      formatTable([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('a     bb\nccc    d');
  });
});

describe('workloadTable()', () => {
  it('has a row per server and counts the successful runs', () => {
    const table = workloadTable(metrics, ['stelar', 'ws'], {
      stelar: [{ repeat: 1, result: { cpu: 1.5, lost: 0 } }],
      ws: [{ repeat: 1, error: 'boom' }],
    });
    const [heading, stelar, ws] = table.split('\n');
    expect(heading).toMatch(/^server\s+CPU µs\/op\s+lost\s+runs$/);
    expect(stelar).toMatch(/^stelar\s+1\.5\s+0\s+1\/1$/);
    expect(ws).toMatch(/^ws\s+-\s+-\s+0\/1$/);
  });
});
