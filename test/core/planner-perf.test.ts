// The planner's budget: 5,000 nodes and 150,000 pods in under 3 seconds (linear indexes, no O(n²)).
import { describe, expect, it } from 'vitest';
import { planRoll } from '../../src/core/planner.js';
import { cluster, rollOptions } from './builders.js';

describe('planner performance', () => {
  it('plans 5,000 nodes and 150,000 pods with 500 PDBs within 3 s', () => {
    const c = cluster();
    for (let g = 0; g < 50; g++) c.group(`ng-${String(g).padStart(2, '0')}`);
    for (let n = 0; n < 5000; n++) {
      const node = c.node(`node-${n}`, { group: `ng-${String(n % 50).padStart(2, '0')}`, version: n % 2 === 0 ? '6' : '7' });
      for (let p = 0; p < 30; p++) {
        const app = `app-${(n * 30 + p) % 500}`;
        c.pod(`${app}-${n}-${p}`, {
          node: node.name,
          namespace: `ns-${(n * 30 + p) % 50}`,
          labels: { app },
          owner: { kind: 'ReplicaSet', name: `${app}-rs`, controller: true },
          containers: [{ name: 'main', image: `registry.example.com/${app}:1` }],
        });
      }
    }
    for (let i = 0; i < 500; i++) c.pdb(`pdb-${i}`, { namespace: `ns-${i % 50}`, selector: { matchLabels: { app: `app-${i}` } } });
    const view = c.view();
    const started = performance.now();
    const plan = planRoll(view, rollOptions());
    const elapsed = performance.now() - started;
    expect(plan.nodes).toHaveLength(2500);
    expect(plan.nodes.reduce((sum, n) => sum + n.podsToEvict, 0)).toBe(75_000);
    expect(elapsed).toBeLessThan(3000);
  });
});
