// The rebalance as people read it: the headline per outcome, the workloads off their maxSkew, findings
// with their fix and flag, and the roll's summary line.
import { describe, expect, it } from 'vitest';
import type { RebalanceResult } from '../../src/core/rebalance/result.js';
import { formatRebalance, rebalanceSummaryLines } from '../../src/ui/format-rebalance.js';

function result(extra: Partial<RebalanceResult> = {}): RebalanceResult {
  const spread = { min: 0.2, max: 0.95, mean: 0.5, hot: 1 };
  return {
    outcome: 'succeeded',
    cluster: 'lab',
    startedAt: 1000,
    finishedAt: 1090,
    evictions: 2,
    workloads: [
      { kind: 'Deployment', namespace: 'shop', name: 'cart', maxSkew: 1, maxSkewFrom: 'default', before: 4, after: 1, zonesBefore: { a: 4, b: 0, c: 0 }, zonesAfter: { a: 2, b: 1, c: 1 }, moves: 2 },
      { kind: 'Deployment', namespace: 'shop', name: 'checkout', maxSkew: 1, maxSkewFrom: 'default', before: 0, after: 0, zonesBefore: { a: 1, b: 1, c: 1 }, zonesAfter: { a: 1, b: 1, c: 1 }, moves: 0 },
    ],
    moves: [],
    utilisation: { threshold: 0.9, before: spread, after: { ...spread, max: 0.8, hot: 0 }, nodes: [] },
    groups: [],
    findings: [{ kind: 'cap-reached', message: 'Deployment/shop/web stays at skew 3', remedy: 'raise the cap, or run rebalance again', flag: '--max-evictions', workload: 'Deployment/shop/web' }],
    warnings: [],
    cleanedUp: [],
    ...extra,
  };
}

describe('formatRebalance', () => {
  it('heads with the outcome, shows the workloads that moved and counts the rest', () => {
    const text = formatRebalance(result());
    expect(text).toMatch(/^Rebalance of lab succeeded: 2 pods moved in 1m30s; every workload within its maxSkew\./);
    expect(text).toMatch(/^ {2}shop\/cart +Deployment +1 \(default\) +4 \(4\/0\/0\) +1 \(2\/1\/1\) +2$/m);
    expect(text).toContain('(1 other workload within their maxSkew, untouched)');
    expect(text).toContain('min 20% / mean 50% / max 95%, 1 hot node → min 20% / mean 50% / max 80%, 0 hot nodes');
    expect(text).toContain('  • [cap-reached] Deployment/shop/web stays at skew 3\n    fix: raise the cap, or run rebalance again — or pass --max-evictions');
  });

  it.each([
    ['interrupted', /^Rebalance of lab interrupted: 2 pods moved; every cordon it set was lifted\. Run it again to go on\./],
    ['failed', /^Rebalance of lab failed: 2 pods moved before it stopped; every cordon it set was lifted\./],
    ['planned', /^Rebalance plan for lab: 2 pods to move; every workload within its maxSkew after; nothing was changed\./],
    ['nothing-to-do', /^Cluster lab: nothing to rebalance — every workload is within its maxSkew and no node is above 90%\./],
  ] as const)('%s', (outcome, headline) => {
    expect(formatRebalance(result({ outcome }))).toMatch(headline);
  });

  it('names the leftover cordons it lifted first', () => {
    expect(formatRebalance(result({ cleanedUp: ['n1', 'n2'] }))).toContain('Cordons a previous rebalance left (lifted first): n1, n2');
  });
});

describe('rebalanceSummaryLines (under a roll)', () => {
  it('one line, then the findings', () => {
    const [line, ...rest] = rebalanceSummaryLines(result({ workloads: [{ ...result().workloads[0]!, after: 2 }] }));
    expect(line).toBe('Rebalance: succeeded, 2 pods moved; 1 workload above maxSkew; utilisation min 20% / mean 50% / max 95%, 1 hot node → min 20% / mean 50% / max 80%, 0 hot nodes.');
    expect(rest[0]).toBe('  Findings (1):');
  });
});
