import { usageError } from '../support/errors.js';
import { describe, expect, it } from 'vitest';
import type { IntOrPercent } from '../../src/core/model.js';
import { DEFAULT_MAX_UNAVAILABLE, DEFAULT_SURGE, parseIntOrPercent, resolveRollSettings } from '../../src/core/settings.js';


describe('parseIntOrPercent', () => {
  it.each<[string, IntOrPercent]>([
    ['3', 3],
    ['0', 0],
    ['007', 7],
    [' 2 ', 2],
    ['25%', '25%'],
    ['0%', '0%'],
    ['100%', '100%'],
    ['05%', '5%'],
  ])('accepts %j as %j', (value, expected) => {
    expect(parseIntOrPercent('--surge', value)).toStrictEqual(expected);
  });

  it.each(['-1', '-5%', 'abc', '150%', '101%', '1.5', '2.5%', '', ' ', '25 %', '%', '1e3', '+1', '0x10', '3 nodes'])(
    'rejects %j with a USAGE error naming the flag and the value',
    (value) => {
      const error = usageError(() => parseIntOrPercent('--max-unavailable', value));
      expect(error.message).toContain('--max-unavailable');
      expect(error.message).toContain(JSON.stringify(value));
      expect(error.message).toContain('25%');
    },
  );

  it('says in one paragraph what is accepted', () => {
    expect(usageError(() => parseIntOrPercent('--surge', '-1')).message).toBe(
      '--surge must be a whole number of nodes (0 or more) or a percentage of the nodes to replace from 0% to 100% such as 25%; got "-1".',
    );
  });
});

describe('resolveRollSettings (kops semantics)', () => {
  it.each<[IntOrPercent, IntOrPercent, number, number, number, string]>([
    // surge, maxUnavailable, nodes to replace → surge, maxUnavailable
    ['25%', '0', 0, 0, 0, 'nothing to replace'],
    [5, 5, 0, 0, 0, 'nothing to replace, counts given'],
    ['25%', '0', 1, 1, 0, 'a surge percentage rounds up: 25% of 1 is 1'],
    ['25%', '0', 10, 3, 0, '25% of 10 is 2.5, up to 3'],
    ['31%', '0', 10, 4, 0, 'kops TestMaxSurge 31% of 10'],
    ['100%', '0', 10, 10, 0, '100% surge'],
    ['0%', '0', 1, 0, 1, 'both zero: max-unavailable becomes 1'],
    ['0', '0', 5, 0, 1, 'both zero counts'],
    [0, '0%', 5, 0, 1, 'both zero, percentage'],
    ['0', '39%', 10, 0, 3, 'a max-unavailable percentage rounds down: 3.9 is 3 (kops)'],
    ['0', '100%', 10, 0, 10, '100% unavailable (kops)'],
    ['1', '10%', 5, 1, 0, '10% of 5 rounds down to 0; surge carries the roll'],
    ['0', '10%', 5, 0, 1, '10% of 5 rounds down to 0 and surge is 0: 1'],
    [2, 2, 10, 2, 2, 'counts as given'],
    ['3', '1', 10, 3, 1, 'count strings'],
    [20, 0, 5, 5, 0, 'surge capped at the nodes to replace'],
    ['0', 8, 5, 0, 5, 'max-unavailable capped at the nodes to replace'],
    ['200', '300', 2, 2, 2, 'both capped'],
  ])('%j / %j of %i nodes → surge %i, maxUnavailable %i (%s)', (surge, maxUnavailable, n, wantSurge, wantUnavailable) => {
    expect(resolveRollSettings(surge, maxUnavailable, n)).toStrictEqual({ surge: wantSurge, maxUnavailable: wantUnavailable });
  });

  it.each<[IntOrPercent, IntOrPercent, string]>([
    [-1, 0, '--surge'],
    [1.5, 0, '--surge'],
    ['abc', 0, '--surge'],
    [0, -2, '--max-unavailable'],
    [0, '150%', '--max-unavailable'],
  ])('rejects %j / %j naming %s', (surge, maxUnavailable, flag) => {
    expect(usageError(() => resolveRollSettings(surge, maxUnavailable, 4)).message).toContain(flag);
  });

  it('defaults surge first and never below the original capacity', () => {
    expect(DEFAULT_SURGE).toBe('25%');
    expect(DEFAULT_MAX_UNAVAILABLE).toBe('0');
    const surge = parseIntOrPercent('--surge', DEFAULT_SURGE);
    const maxUnavailable = parseIntOrPercent('--max-unavailable', DEFAULT_MAX_UNAVAILABLE);
    expect(resolveRollSettings(surge, maxUnavailable, 4)).toStrictEqual({ surge: 1, maxUnavailable: 0 });
    expect(resolveRollSettings(surge, maxUnavailable, 40)).toStrictEqual({ surge: 10, maxUnavailable: 0 });
  });
});
