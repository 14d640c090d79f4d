import { describe, expect, it } from 'vitest';
import { joinNegativeValues } from '../../src/config/argv.js';

describe('joinNegativeValues', () => {
  const flags = ['surge', 'max-unavailable'];
  it.each([
    [['--surge', '-1'], ['--surge=-1']],
    [['--max-unavailable', '-25%', '--yes'], ['--max-unavailable=-25%', '--yes']],
    [['--surge=-1'], ['--surge=-1']],
    [['--surge', '2', '-y'], ['--surge', '2', '-y']],
    [['--surge', '-y'], ['--surge', '-y']],
    [['--all', '-1'], ['--all', '-1']],
    [['--', '--surge', '-1'], ['--', '--surge', '-1']],
    [['--surge'], ['--surge']],
  ])('%j → %j', (argv, expected) => {
    expect(joinNegativeValues(argv, flags)).toEqual(expected);
  });
});
