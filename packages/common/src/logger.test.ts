import { describe, expect, it } from 'vitest';
import { createLogger, type Logger } from './logger.js';

function recording(option: Parameters<typeof createLogger>[0]) {
  const lines: [string, string][] = [];
  const logger = createLogger(option, 'test', (level, line) =>
    lines.push([level, line]),
  );
  return { logger, lines };
}

describe('createLogger()', () => {
  it('writes the chosen level and above, fields after the message', () => {
    const { logger, lines } = recording('warn');
    logger.info('hidden');
    logger.warn({ clientId: 'a' }, 'slow client');
    logger.error('broke');
    expect(lines).toEqual([
      ['warn', '[test] warn slow client {"clientId":"a"}'],
      ['error', '[test] error broke'],
    ]);
  });

  it('writes nothing for false or silent', () => {
    for (const option of [false, 'silent'] as const) {
      const { logger, lines } = recording(option);
      logger.error('nothing');
      expect(lines).toEqual([]);
    }
  });

  it('uses a user logger as it is', () => {
    const user = { debug() {}, info() {}, warn() {}, error() {} } as Logger;
    expect(createLogger(user, 'test', () => {})).toBe(user);
  });

  it('writes errors in fields by name and message, and survives cycles', () => {
    const { logger, lines } = recording('debug');
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    logger.debug({ err: new TypeError('bad') }, 'one');
    logger.debug(cycle, 'two');
    expect(lines[0]![1]).toBe(
      '[test] debug one {"err":{"name":"TypeError","message":"bad"}}',
    );
    expect(lines[1]![1]).toBe('[test] debug two {}');
  });
});
