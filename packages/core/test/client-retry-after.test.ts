import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseRetryAfter } from '../src/client/retry-after.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it('reads the three HTTP-date forms as UTC', () => {
    expect(parseRetryAfter('Thu, 15 Jan 2026 12:00:05 GMT', NOW)).toBe(5000);
    expect(parseRetryAfter('Thursday, 15-Jan-26 12:00:07 GMT', NOW)).toBe(7000);
    // asctime has no zone; it is GMT by definition, not local time.
    expect(parseRetryAfter('Thu Jan 15 12:00:09 2026', NOW)).toBe(9000);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  it('turns a date in the past into no wait', () => {
    expect(parseRetryAfter('Wed, 14 Jan 2026 12:00:00 GMT', NOW)).toBe(0);
  });

  it('rejects garbage and absent values so the caller uses its own backoff', () => {
    for (const value of [
      null,
      undefined,
      '',
      '  ',
      'soon',
      '-5',
      '5s',
      '1e3',
      'Thu, 15 Jan 2026 12:00:05',
      '2026-01-15T12:00:05Z',
      'Thu, 45 Jan 2026 12:00:05 GMT',
      'Thu, 15 Foo 2026 12:00:05 GMT',
    ]) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
    }
  });
});
