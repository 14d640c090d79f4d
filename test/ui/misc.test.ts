import { Errors } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { DextreError } from '../../src/core/errors.js';
import { canPrompt, isYes, noTtyError } from '../../src/ui/confirm.js';
import { describeError } from '../../src/ui/errors.js';
import { nodeTitle } from '../../src/ui/node-title.js';

describe('isYes', () => {
  it.each([
    ['y', true],
    ['Y', true],
    ['yes', true],
    [' YES \n', true],
    ['', false],
    ['n', false],
    ['yep', false],
    [undefined, false],
  ] as [string | undefined, boolean][])('%j → %s', (answer, yes) => {
    expect(isYes(answer)).toBe(yes);
  });
});

describe('canPrompt', () => {
  it.each([
    [true, true, true],
    [true, false, false],
    [false, true, false],
    [undefined, undefined, false],
  ] as [boolean | undefined, boolean | undefined, boolean][])('stdin tty %s, stderr tty %s → %s', (stdin, stderr, can) => {
    const s = (isTTY: boolean | undefined) => (isTTY === undefined ? {} : { isTTY });
    expect(canPrompt({ stdin: s(stdin), stderr: s(stderr) })).toBe(can);
  });

  it('refuses without a terminal with exit code 2, naming --yes', () => {
    const e = noTtyError();
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('refusing to roll without confirmation; pass --yes');
  });
});

describe('describeError', () => {
  it('keeps a DextreError as it is', () => {
    expect(describeError(new DextreError('LOCKED', 'held by x'))).toEqual({ code: 'LOCKED', message: 'held by x', exitCode: 5 });
  });

  it('makes an oclif parse error a one-line usage error (exit 2)', () => {
    const parseError = Object.assign(new Errors.CLIError('Nonexistent flag: --bogus\nSee more help with --help', { exit: 2 }), { parse: {} });
    expect(describeError(parseError, 'roll:nodes')).toEqual({
      code: 'USAGE',
      message: 'Nonexistent flag: --bogus. See `dextre roll nodes --help` for the flags.',
      exitCode: 2,
    });
  });

  it('reports anything else as a bug (exit 1) pointing at --debug', () => {
    const report = describeError(new TypeError('x is undefined'));
    expect(report.code).toBe('INTERNAL');
    expect(report.exitCode).toBe(1);
    expect(report.message).toContain('x is undefined');
    expect(report.message).toContain('--debug');
  });
});

describe('nodeTitle', () => {
  const base = { name: 'ip-1', group: 'g', zone: 'z1' };
  it.each([
    [{ ...base, status: 'waiting' }, 'ip-1 (g, z1)  waiting'],
    [{ ...base, status: 'draining', detail: '3 pods left' }, 'ip-1 (g, z1)  draining: 3 pods left'],
    [{ ...base, status: 'replaced', replacement: 'ip-9' }, 'ip-1 (g, z1)  replaced → ip-9 (z2)'],
    [{ ...base, status: 'replaced', replacement: 'ip-8' }, 'ip-1 (g, z1)  replaced → ip-8'],
  ] as const)('%j', (node, title) => {
    expect(nodeTitle(node, new Map([['ip-9', 'z2']]))).toBe(title);
  });
});
