// Journaled states for the status tests, made by the pure machine from hand-fed events.
import type { RollEvent } from '../../../src/core/roll/effects.js';
import type { RollState } from '../../../src/core/roll/state.js';
import { T0, feed, onePlan, pod, start } from '../roll/harness.js';

const at = T0;

/** old-0 cordoned and its one pod's eviction refused by the PDB web-pdb at T0+92. */
export function waitingOnPdb(): RollState {
  const events: RollEvent[] = [
    { type: 'RollStarted', at },
    { type: 'ProcessesSuspended', at, key: 'suspend:ng', group: 'ng' },
    { type: 'NodePatched', at, key: 'soft-taint:old-0', node: 'old-0', purpose: 'soft-taint' },
    { type: 'GroupSizeRead', at, key: 'read-size:ng', group: 'ng', desired: 1 },
    { type: 'GroupResized', at, key: 'size:ng', group: 'ng' },
    { type: 'NodeReady', at: at + 90, key: 'watch-nodes', group: 'ng', node: 'new-0', instanceId: 'i-new0', zone: 'a' },
    { type: 'NodePatched', at: at + 90, key: 'protect:new-0', node: 'new-0', purpose: 'protect-replacement' },
    { type: 'NodePatched', at: at + 91, key: 'cordon:old-0', node: 'old-0', purpose: 'cordon' },
    { type: 'PodsListed', at: at + 91, key: 'list:old-0', node: 'old-0', pods: [pod('web-1', 'old-0')], existingControllers: ['ReplicaSet/app/web-abc'] },
    { type: 'EvictionRefused', at: at + 92, key: 'evict:uid-web-1', uid: 'uid-web-1', pdbs: ['web-pdb'], message: 'Cannot evict', multiple: false },
  ];
  return feed(start(onePlan(1)), events).state;
}

/** Held by a dextre on a laptop, renewed at T0+100 for 60 s. */
export const lock = { holder: 'laptop/4242', acquiredAt: at, renewedAt: at + 100, ttlSeconds: 60, holderDead: false };

