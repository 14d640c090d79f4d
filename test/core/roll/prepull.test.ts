// Pre-pull per group: a replacement is labelled for its own group and waits only for that group's
// DaemonSets; a group with nothing to pre-pull is warm as soon as it is protected.
import { describe, expect, it } from 'vitest';
import type { RollPlan } from '../../../src/core/plan.js';
import { buildPrepullDaemonSets, PREPULL_NODE_LABEL, prepullLabelValue } from '../../../src/core/prepull.js';
import type { Effect, RollEvent } from '../../../src/core/roll/effects.js';
import { feed, onePlan, start, T0, types } from './harness.js';

const at = T0;

/** Group `ng` (old-0) and group `mem` (mem-old-0); only `ng` has images to pre-pull, in two namespaces. */
function twoGroups(): RollPlan {
  const base = onePlan(1);
  const [ng] = base.groups;
  if (!ng) throw new Error('onePlan has a group');
  return {
    ...base,
    groups: [ng, { ...ng, name: 'mem', nodes: ['mem-old-0'] }],
    nodes: [...base.nodes, { name: 'mem-old-0', group: 'mem', zone: 'a', instanceId: 'i-mem0', reasons: [], podsToEvict: 1 }],
    prepull: [
      { group: 'ng', namespace: 'app', images: ['web:1'], pullSecrets: [] },
      { group: 'ng', namespace: 'data', images: ['redis:7'], pullSecrets: [] },
    ],
  };
}

/** The roll starts and both groups are protected (the roll only cordons once every group is). */
const started: RollEvent[] = [
  { type: 'RollStarted', at },
  { type: 'ProcessesSuspended', at, key: 'suspend:ng', group: 'ng' },
  { type: 'ProcessesSuspended', at, key: 'suspend:mem', group: 'mem' },
];

function untilProtected(group: string, node: string): RollEvent[] {
  return [
    { type: 'GroupResized', at, key: `size:${group}`, group },
    { type: 'NodeReady', at: at + 90, key: 'watch-nodes', group, node, instanceId: `i-${node}`, zone: 'a' },
  ];
}

function patchOf(effects: Effect[], key: string) {
  const e = effects.find((x) => x.type === 'PatchNode' && x.key === key);
  if (e?.type !== 'PatchNode') throw new Error(`no PatchNode ${key} among ${types(effects).join(', ')}`);
  return e.patch;
}

describe('pre-pull per group', () => {
  const plan = twoGroups();
  const manifests = buildPrepullDaemonSets(plan.prepull, { rollId: 'r1' });
  const s0 = start(plan, { prepull: true }, manifests);

  it('labels each replacement with its own group\'s value', () => {
    const { effects } = feed(s0, [...started, ...untilProtected('ng', 'new-0'), ...untilProtected('mem', 'mem-new-0')]);
    expect(patchOf(effects, 'protect:new-0').labels).toEqual({ [PREPULL_NODE_LABEL]: prepullLabelValue('r1', 'ng') });
    expect(patchOf(effects, 'protect:mem-new-0').labels).toEqual({ [PREPULL_NODE_LABEL]: prepullLabelValue('r1', 'mem') });
    expect(prepullLabelValue('r1', 'ng')).not.toBe(prepullLabelValue('r1', 'mem'));
  });

  it('waits on a replacement for its group\'s DaemonSets only, and cordons nothing before they are Ready', () => {
    const withMem = [...plan.prepull, { group: 'mem', namespace: 'app', images: ['model:1'], pullSecrets: [] }];
    const s1 = start({ ...plan, prepull: withMem }, { prepull: true }, buildPrepullDaemonSets(withMem, { rollId: 'r1' }));
    const a = feed(s1, [
      ...started,
      ...untilProtected('ng', 'new-0'),
      { type: 'NodePatched', at: at + 90, key: 'protect:new-0', node: 'new-0', purpose: 'protect-replacement' },
    ]);
    const wait = a.effects.find((e) => e.type === 'AwaitPrepull');
    expect(wait).toEqual({
      type: 'AwaitPrepull',
      key: 'prepull:new-0',
      node: 'new-0',
      daemonSets: [
        { namespace: 'app', name: 'dextre-prepull-ng' },
        { namespace: 'data', name: 'dextre-prepull-ng' },
      ],
    });
    expect(types(a.effects)).not.toContain('PatchNode:cordon:old-0');
    const b = feed(a.state, [{ type: 'NodePrepulled', at: at + 120, key: 'prepull:new-0', node: 'new-0', failures: [] }]);
    expect(types(b.effects)).toContain('PatchNode:cordon:old-0');
  });

  it('makes a replacement of a group with nothing to pre-pull warm as soon as it is protected', () => {
    const { effects, state } = feed(s0, [
      ...started,
      ...untilProtected('mem', 'mem-new-0'),
      { type: 'NodePatched', at: at + 90, key: 'protect:mem-new-0', node: 'mem-new-0', purpose: 'protect-replacement' },
    ]);
    expect(types(effects).filter((t) => t.startsWith('AwaitPrepull'))).toEqual([]);
    expect(state.replacements['mem-new-0']?.status).toBe('warm');
    expect(types(effects)).toContain('PatchNode:cordon:mem-old-0');
  });

  it('reports the pre-pulled images per namespace, the groups merged', () => {
    const merged = start({ ...plan, prepull: [...plan.prepull, { group: 'mem', namespace: 'app', images: ['model:1', 'web:1'], pullSecrets: [] }] }, { prepull: true });
    expect(merged.prepull.images).toEqual([
      { namespace: 'app', images: ['model:1', 'web:1'] },
      { namespace: 'data', images: ['redis:7'] },
    ]);
  });
});
