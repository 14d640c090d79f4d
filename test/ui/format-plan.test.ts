import { describe, expect, it } from 'vitest';
import { formatPlan } from '../../src/ui/format-plan.js';
import { samplePlan } from './builders.js';

describe('formatPlan', () => {
  it('shows groups with surge, max-unavailable and target; nodes in order with every reason; images per group and namespace', () => {
    const text = formatPlan(samplePlan(), { prepull: true });
    expect(text).toContain('Cluster demo: replace 2 nodes in 1 group (ready to roll).');
    expect(text).toMatch(/GROUP\s+REPLACE\s+MIN\/MAX\/DESIRED\s+SURGE\s+MAX-UNAVAILABLE\s+TARGET/);
    expect(text).toMatch(/workers-a\s+2\s+2\/6\/3\s+1\s+0\s+lt-0abc:7\s+AZRebalance/);
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.includes('ip-10-0-1-1'));
    const second = lines.findIndex((l) => l.includes('ip-10-0-2-2') && l.includes('named with --node'));
    expect(first).toBeGreaterThan(0);
    expect(lines[first]).toContain('launch template lt-0abc version 6; the group wants 7');
    expect(lines[first + 1]).toMatch(/^\s+older than 30d \(41d\)$/);
    expect(second).toBe(first + 2);
    expect(text).toContain("Images to pre-pull: per group, onto that group's new nodes only\n  workers-a: 2 images in 1 namespace\n");
    expect(text).toContain('    shop (pull secrets: regcred):');
    expect(text).toContain('registry/shop/web:3.4');
    expect(text).toMatch(/ip-10-0-3-3\s+up to date/);
  });

  it('lists the images to pre-pull per group: a group\'s new nodes pull only its own', () => {
    const text = formatPlan(
      samplePlan({
        prepull: [
          { group: 'workers-a', namespace: 'shop', images: ['registry/shop/web:3.4'], pullSecrets: [] },
          { group: 'workers-m', namespace: 'data', images: ['registry/data/model:2'], pullSecrets: [] },
          { group: 'workers-m', namespace: 'shop', images: ['registry/shop/recs:1', 'registry/shop/web:3.4'], pullSecrets: [] },
        ],
      }),
      { prepull: true },
    );
    const lines = text.split('\n');
    const start = lines.indexOf("Images to pre-pull: per group, onto that group's new nodes only");
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 10)).toEqual([
      '  workers-a: 1 image in 1 namespace',
      '    shop:',
      '      registry/shop/web:3.4',
      '  workers-m: 3 images in 2 namespaces',
      '    data:',
      '      registry/data/model:2',
      '    shop:',
      '      registry/shop/recs:1',
      '      registry/shop/web:3.4',
    ]);
    expect(lines[start + 10] ?? '').toBe('');
  });

  it('lists each blocker with its remedy and the flag that overrides it', () => {
    const text = formatPlan(
      samplePlan({
        blockers: [
          {
            kind: 'pdb-never-allows',
            message: 'PodDisruptionBudget shop/api-pdb allows no disruption (maxUnavailable 0)',
            remedy: 'raise maxUnavailable of shop/api-pdb or scale the workload up',
            pdb: 'shop/api-pdb',
          },
          {
            kind: 'unreplicated-pod',
            message: 'pod default/debug has no controller',
            remedy: 'delete it or give it a controller',
            flag: '--force',
            node: 'ip-10-0-1-1',
            pod: 'default/debug',
          },
        ],
      }),
      { prepull: true },
    );
    expect(text).toContain('(blocked by 2 blockers)');
    expect(text).toContain('[pdb-never-allows] PodDisruptionBudget shop/api-pdb allows no disruption (maxUnavailable 0) (PDB shop/api-pdb)');
    expect(text).toContain('fix: raise maxUnavailable of shop/api-pdb or scale the workload up');
    expect(text).toContain('fix: delete it or give it a controller — or pass --force');
    expect(text).toContain('(node ip-10-0-1-1, pod default/debug)');
  });

  it('says when pre-pull is off and when there is nothing to do', () => {
    expect(formatPlan(samplePlan(), { prepull: false })).toContain('Pre-pull: off (--no-prepull)');
    const empty = formatPlan(samplePlan({ groups: [], nodes: [], prepull: [] }), { prepull: true });
    expect(empty).toContain('nothing to do');
    expect(empty).not.toContain('Nodes, in planned order');
  });

  it('shows the capacity check per group, why each node stands where it does, and each warning with its fix', () => {
    const base = samplePlan();
    const [group] = base.groups;
    const [first, second] = base.nodes;
    if (!group || !first || !second) throw new Error('sample plan changed');
    const text = formatPlan(
      samplePlan({
        groups: [
          {
            ...group,
            capacity: {
              peakInstances: 4,
              raisesMaxBy: 0,
              zones: 2,
              podsToMove: 11,
              requests: { cpu: 2500, memory: 4096 },
              largestNode: { cpu: 1800, memory: 3000 },
              replacementRoom: { cpu: 3800, memory: 14000 },
              stayingRoom: { cpu: 900, memory: 2048.4 },
            },
          },
        ],
        nodes: [
          { ...first, order: { position: 1, zoneTurn: 1, toeDip: true, window: 1, message: 'm' } },
          { ...second, order: { position: 2, zoneTurn: 1, toeDip: false, window: 1, message: 'm' } },
        ],
        warnings: ['group workers-a has a single zone'],
        findings: [{ severity: 'warning', kind: 'single-zone', message: 'group workers-a has a single zone', remedy: 'add zones', flag: '--x', group: 'workers-a' }],
      }),
      { prepull: true },
    );
    expect(text).toMatch(/workers-a\s+4\/6\s+2\s+11\s+2500m\/4096Mi\s+1800m\/3000Mi\s+3800m\/14000Mi\s+900m\/2048Mi/);
    expect(text).toMatch(/ip-10-0-1-1 .*toe-dip, 1st in eu-west-1a/);
    expect(text).toMatch(/ip-10-0-2-2 .*window 1, 1st in eu-west-1b/);
    expect(text).toContain('Warnings (1):\n  ! group workers-a has a single zone\n    fix: add zones (see --x)');
  });
});
