import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/ui/format-result.js';
import { sampleResult, simulation } from './builders.js';

describe('formatResult', () => {
  it('summarises a successful roll: replacements, group sizes and processes, simulation figures', () => {
    const text = formatResult(sampleResult());
    expect(text).toContain('Roll of demo succeeded: 1 node replaced in 41m20s (virtual time).');
    expect(text).toMatch(/ip-10-0-1-1\s+workers-a\s+eu-west-1a\s+replaced\s+ip-10-0-9-9 \(eu-west-1b, i-0009\)\s+8/);
    expect(text).toMatch(/workers-a\s+2\/6\/3\s+2\/6\/3\s+AZRebalance\s+AZRebalance/);
    expect(text).toContain('Pre-pulled: 1 image in 1 namespace');
    expect(text).toMatch(/PDB violations\s+0/);
    expect(text).toMatch(/min ready capacity\s+100% of the start/);
    expect(text).toMatch(/moved pod startup\s+p50 9s, p95 31s/);
    expect(text).toMatch(/evictions\s+40 \(6 refused by a PDB, retried\)/);
    expect(text).not.toContain('Error');
  });

  it('shows a blocked failure with its blockers and error', () => {
    const { simulation: _omitted, ...real } = sampleResult();
    const text = formatResult({
      ...real,
      outcome: 'failed',
      nodes: real.nodes.map((n) => ({ ...n, action: 'skipped', replacement: null, evictedPods: 0 })),
      blockers: [{ kind: 'pdb-never-allows', message: 'PDB shop/api allows no disruption', remedy: 'raise it', pdb: 'shop/api' }],
      error: { code: 'BLOCKED', message: 'The roll did not start.' },
    });
    expect(text).toContain('Roll of demo failed (blocked): 0 of 1 node replaced');
    expect(text).not.toContain('virtual time');
    expect(text).toMatch(/ip-10-0-1-1\s+workers-a\s+eu-west-1a\s+skipped\s+-\s+0/);
    expect(text).toContain('[pdb-never-allows] PDB shop/api allows no disruption (PDB shop/api)');
    expect(text).toContain('Error [BLOCKED]: The roll did not start.');
  });

  it.each([
    ['interrupted', 're-run the same command to resume'],
    ['planned', 'nothing was changed'],
    ['nothing-to-do', 'nothing to do'],
  ] as const)('headline for %s', (outcome, phrase) => {
    expect(formatResult(sampleResult({ outcome, simulation })).split('\n')[0]).toContain(phrase);
  });
});
