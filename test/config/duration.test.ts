import { usageError } from '../support/errors.js';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30d', 30 * 86_400],
    ['12h', 43_200],
    ['90m', 5_400],
    ['3600s', 3_600],
    ['3600', 3_600],
    ['1h30m', 5_400],
    ['1d12h', 129_600],
    ['1.5h', 5_400],
    ['0.5s', 1],
    [' 15m ', 900],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration('--max-age', text)).toBe(seconds);
  });

  it.each(['', '0', '0s', '-5m', '5 m', '5w', 'm', '1h-30m', 'abc', '1e3'])('rejects %j as a usage error naming the flag', (text) => {
    expect(usageError(() => parseDuration('--drain-timeout', text)).message).toContain('--drain-timeout');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59, '59s'],
    [5_400, '1h30m'],
    [90_061, '1d1h1m1s'],
    [2_480.4, '41m20s'],
  ])('%d seconds is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
