import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEED, parseSpeed, rollOptionsFrom, rollRequestFrom, type RollFlagValues } from '../../src/config/flags.js';
import { DextreError } from '../../src/core/errors.js';

const defaults: RollFlagValues = {
  all: false,
  surge: '25%',
  'max-unavailable': '0',
  'drain-timeout': '15m',
  prepull: true,
  force: false,
  'delete-emptydir-data': false,
  'disregard-do-not-disrupt': false,
};

function usageError(run: () => unknown): DextreError | undefined {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof DextreError) return e;
    throw e;
  }
  return undefined;
}

describe('rollOptionsFrom', () => {
  it('without flags takes the config entry\'s roll settings, then the built-in defaults', () => {
    const bare: RollFlagValues = { all: false, force: false, 'delete-emptydir-data': false, 'disregard-do-not-disrupt': false };
    expect(rollOptionsFrom(bare)).toMatchObject({ surge: '25%', maxUnavailable: '0', drainTimeoutSeconds: 900, prepull: true });
    expect(rollOptionsFrom(bare, { surge: '2', maxUnavailable: '10%', drainTimeout: '20m', maxAge: '1d', prepull: false })).toMatchObject({
      surge: '2',
      maxUnavailable: '10%',
      drainTimeoutSeconds: 1200,
      maxAgeSeconds: 86_400,
      prepull: false,
    });
    // A flag given wins over the config.
    expect(rollOptionsFrom({ ...bare, surge: '1', prepull: true }, { surge: '2', prepull: false })).toMatchObject({ surge: '1', prepull: true });
  });

  it('maps the defaults', () => {
    expect(rollOptionsFrom(defaults)).toEqual({
      groups: [],
      nodes: [],
      all: false,
      surge: '25%',
      maxUnavailable: '0',
      drainTimeoutSeconds: 900,
      prepull: true,
      force: false,
      deleteEmptyDirData: false,
      disregardDoNotDisrupt: false,
    });
  });

  it('maps every flag', () => {
    const options = rollOptionsFrom({
      group: ['workers-a', 'workers-b', 'workers-a'],
      selector: ' role=worker ',
      node: ['ip-1', 'ip-2'],
      'max-age': '30d',
      all: true,
      surge: ' 2 ',
      'max-unavailable': '10%',
      'drain-timeout': '1h',
      prepull: false,
      force: true,
      'delete-emptydir-data': true,
      'disregard-do-not-disrupt': true,
    });
    expect(options).toEqual({
      groups: ['workers-a', 'workers-b'],
      nodes: ['ip-1', 'ip-2'],
      selector: 'role=worker',
      maxAgeSeconds: 2_592_000,
      all: true,
      surge: '2',
      maxUnavailable: '10%',
      drainTimeoutSeconds: 3_600,
      prepull: false,
      force: true,
      deleteEmptyDirData: true,
      disregardDoNotDisrupt: true,
    });
  });

  it('leaves optional options out rather than undefined', () => {
    const options = rollOptionsFrom({ ...defaults, selector: undefined, 'max-age': undefined });
    expect('selector' in options).toBe(false);
    expect('maxAgeSeconds' in options).toBe(false);
  });

  it.each([
    [{ surge: '-1' }, '--surge'],
    [{ surge: '150%' }, '--surge'],
    [{ surge: 'lots' }, '--surge'],
    [{ 'max-unavailable': '-1' }, '--max-unavailable'],
    [{ 'max-unavailable': '1.5' }, '--max-unavailable'],
    [{ 'max-age': '30 days' }, '--max-age'],
    [{ 'drain-timeout': '0' }, '--drain-timeout'],
    [{ selector: '' }, '--selector'],
    [{ selector: 'a in b' }, 'a in b'],
  ] as [Partial<RollFlagValues>, string][])('%j is a usage error naming %s', (flags, named) => {
    const error = usageError(() => rollOptionsFrom({ ...defaults, ...flags }));
    expect(error?.code).toBe('USAGE');
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toContain(named);
  });
});

describe('parseSpeed', () => {
  it.each([
    [undefined, DEFAULT_SPEED],
    ['max', 'max'],
    ['MAX', 'max'],
    ['60', 60],
    ['0.5', 0.5],
  ] as [string | undefined, number | 'max'][])('%j → %j', (text, speed) => {
    expect(parseSpeed(text)).toBe(speed);
  });

  it.each(['0', '-3', 'fast', ''])('rejects %j', (text) => {
    expect(usageError(() => parseSpeed(text))?.message).toContain('--speed');
  });
});

describe('rollRequestFrom', () => {
  it('gives the options and the target, speed defaulted', () => {
    const request = rollRequestFrom({ ...defaults, cluster: 'demo' }, '/work');
    expect(request.target).toMatchObject({ kind: 'simulator', speed: DEFAULT_SPEED, roll: {} });
    expect(request.options.surge).toBe('25%');
  });

  it('checks the flags before the target: a bad --surge wins over a missing --cluster', () => {
    expect(usageError(() => rollRequestFrom({ ...defaults, surge: '-1' }, '/'))?.message).toContain('--surge');
  });

  it('needs --cluster or --sim', () => {
    expect(usageError(() => rollRequestFrom(defaults, '/'))?.message).toContain('--cluster NAME');
  });
});
