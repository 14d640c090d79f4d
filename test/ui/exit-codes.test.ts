import { describe, expect, it } from 'vitest';
import type { Blocker } from '../../src/core/plan.js';
import type { Outcome } from '../../src/core/result.js';
import { exitCodeFor, exitCodeHelp } from '../../src/ui/exit-codes.js';

const blocker: Blocker = { kind: 'pdb-never-allows', message: 'm', remedy: 'r' };

describe('exitCodeFor', () => {
  it.each([
    ['succeeded', [], 0],
    ['planned', [], 0],
    ['planned', [blocker], 3],
    ['nothing-to-do', [], 0],
    ['failed', [], 1],
    ['failed', [blocker], 3],
    ['interrupted', [], 4],
  ] as [Outcome, Blocker[], number][])('%s with %j blockers → %i', (outcome, blockers, code) => {
    expect(exitCodeFor({ outcome, blockers })).toBe(code);
  });

  it('a roll that succeeded but whose rebalance phase was interrupted exits 4; a finished or failed rebalance does not change the code', () => {
    expect(exitCodeFor({ outcome: 'succeeded', rebalance: { outcome: 'interrupted' } })).toBe(4);
    expect(exitCodeFor({ outcome: 'succeeded', rebalance: { outcome: 'succeeded' } })).toBe(0);
    expect(exitCodeFor({ outcome: 'succeeded', rebalance: { outcome: 'failed' } })).toBe(0);
  });
});

describe('exitCodeHelp', () => {
  it('lists every documented code', () => {
    const text = exitCodeHelp();
    for (const code of [0, 1, 2, 3, 4, 5, 6]) expect(text).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
  });
});
