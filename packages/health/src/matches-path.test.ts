import { describe, expect, it } from 'vitest';
import { matchesPath } from './matches-path.js';

describe('matchesPath()', () => {
  it('matches the exact path', () => {
    expect(matchesPath('/health', '/health')).toBe(true);
  });

  it('ignores the query string', () => {
    expect(matchesPath('/health?probe=liveness', '/health')).toBe(true);
    expect(matchesPath('/health?', '/health')).toBe(true);
  });

  it('refuses a longer, shorter or differently cased path', () => {
    expect(matchesPath('/health/', '/health')).toBe(false);
    expect(matchesPath('/healthz', '/health')).toBe(false);
    expect(matchesPath('/health/deep', '/health')).toBe(false);
    expect(matchesPath('/', '/health')).toBe(false);
    expect(matchesPath('/Health', '/health')).toBe(false);
  });

  it('refuses a request without a url', () => {
    expect(matchesPath(undefined, '/health')).toBe(false);
  });
});
