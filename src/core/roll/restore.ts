// Finishing a roll, on success and on failure alike: put every group back as it was, resume only the
// processes dextre suspended, remove every mark dextre left, delete the pre-pull DaemonSets.
//
// On failure the roll first unwinds: nothing new is launched, cordoned or evicted; nodes being drained
// are uncordoned (pods already moved stay where they are); drained nodes are still terminated, since
// they hold nothing dextre must move. If replacements outnumber terminations, desired stays above the
// original: lowering it would let the Auto Scaling group pick a victim, possibly an undrained node.
import type { NodeGroup } from '../model.js';
import { desiredOf } from './pipeline.js';
import { unprotectReplacementPatch, uncordonPatch } from './marks.js';
import type { GroupState, OldNodeState, RollState } from './state.js';
import type { Step } from './step.js';

const STANDING = new Set(['WatchGroupNodes']);

/** Waits and timers that lose their purpose once the roll stops. */
const UNWIND_CANCELS = new Set(['AwaitPodGone', 'AwaitWorkloadReady', 'AwaitPrepull', 'StartTimer']);

export function unwind(step: Step): void {
  const { s } = step;
  for (const [key, effect] of Object.entries(s.inflight)) {
    if (UNWIND_CANCELS.has(effect.type)) step.cancel(key);
  }
  s.pods = {};
  s.workloadsBusy = {};
  for (const name of s.nodeOrder) {
    const node = s.nodes[name];
    if (node) unwindNode(step, node);
  }
  for (const name of s.replacementOrder) {
    const r = s.replacements[name];
    if (r && (r.status === 'prepulling' || r.status === 'protecting')) r.status = 'warm';
  }
}

/** Uncordons a node dextre stopped rolling, once no patch of it is in flight (patches must not cross). */
export function unwindNode(step: Step, node: OldNodeState): void {
  const { s } = step;
  const patching = s.inflight[`cordon:${node.name}`] ?? s.inflight[`soft-taint:${node.name}`];
  if (patching) return; // its answer calls back here
  const started = node.status === 'draining' || node.status === 'listing' || node.status === 'cordoning';
  if (s.drain !== undefined) {
    // A drain leaves its nodes cordoned, as kubectl does: the user asked for them to be emptied, and a
    // node put back in service would draw pods onto a machine about to be worked on.
    if (started) {
      if (node.status === 'listing') step.cancel(`list:${node.name}`);
      node.pods = [];
      node.status = 'failed';
      node.keepCordoned = true;
    }
    return;
  }
  const gaveUp = node.status === 'failed' && node.keepCordoned !== true;
  if (started || gaveUp || (node.status === 'waiting' && node.softTainted)) {
    if (node.status === 'listing') step.cancel(`list:${node.name}`);
    node.pods = [];
    node.status = 'uncordoning';
    step.issue({ type: 'PatchNode', key: `uncordon:${node.name}`, node: node.name, purpose: 'uncordon', patch: uncordonPatch });
  }
}

function quiet(s: RollState): boolean {
  return Object.values(s.inflight).every((e) => STANDING.has(e.type) || e.key.startsWith('restore'));
}

function oldNodesSettled(s: RollState): boolean {
  // A drain that terminates nothing ends with its nodes drained.
  const drainedIsFinal = s.drain !== undefined && !s.drain.terminate;
  return s.nodeOrder.every((n) => {
    const st = s.nodes[n]?.status;
    return st === 'waiting' || st === 'terminated' || st === 'uncordoned' || st === 'failed' || (st === 'drained' && drainedIsFinal);
  });
}

export function advanceRestore(step: Step): void {
  const { s } = step;
  if (!quiet(s) || !oldNodesSettled(s)) return;
  for (const name of s.groupOrder) {
    const g = s.groups[name];
    if (g) restoreGroup(step, g);
  }
  for (const name of s.replacementOrder) {
    const r = s.replacements[name];
    if (!r || r.unprotected || r.status === 'deleted') continue;
    step.issue({
      type: 'PatchNode',
      key: `restore-unprotect:${name}`,
      node: name,
      purpose: 'unprotect-replacement',
      patch: unprotectReplacementPatch,
    });
  }
  if (s.prepull.manifests.length > 0 && !s.prepull.deleted) {
    step.issue({
      type: 'DeletePrepull',
      key: 'restore-prepull',
      daemonSets: s.prepull.manifests.map((m) => ({ namespace: m.metadata.namespace, name: m.metadata.name })),
    });
  }
  if (finished(s)) {
    step.cancel('watch-nodes');
    s.phase = 'finished';
    s.finishedAt = s.now;
    s.outcome ??= 'succeeded';
  }
}

function restoreGroup(step: Step, g: GroupState): void {
  // A drain changes a group's size only by terminating with decrement: there is no size to put back.
  if (g.restored === 'pending' && step.s.drain !== undefined) g.restored = 'resized';
  if (g.restored === 'pending') {
    step.issue({ type: 'ReadGroupSize', key: `restore-read:${g.name}`, group: g.name });
  } else if (g.restored === 'read') {
    const desired = desiredOf(g);
    const max = Math.max(g.original.max, desired);
    g.final = { min: g.original.min, max, desired };
    const extra = g.launched - g.terminated;
    if (extra > 0) {
      step.warn(
        `group ${g.name} keeps desired ${desired} (was ${g.original.desired}): ${extra} replacement(s) ` +
          `arrived before the roll stopped; lowering desired would let Auto Scaling terminate an undrained node. ` +
          `Run dextre again to finish the roll.`,
      );
    }
    step.issue({ type: 'SetGroupSize', key: `restore-size:${g.name}`, group: g.name, ...g.final });
  } else if (g.restored === 'resized') {
    if (g.suspendedByDextre.length === 0 || !g.suspended) {
      g.restored = 'done';
      return;
    }
    if (step.s.inflight[`restore-resume:${g.name}`] !== undefined) return; // asked already (and warned once)
    const processes = processesToResume(step, g);
    if (processes.length === 0) {
      g.restored = 'done';
      return;
    }
    step.issue({ type: 'ResumeProcesses', key: `restore-resume:${g.name}`, group: g.name, processes });
  }
}

/**
 * What dextre suspended, less AZRebalance while the group's zones are more than one instance apart: resumed
 * then, Auto Scaling would even them out by terminating an instance of the fullest zone without draining it
 * (it launches in the emptiest zone first, then terminates). The group is left with AZRebalance suspended,
 * and the warning says why and how to even the zones through dextre first.
 */
function processesToResume(step: Step, g: GroupState): string[] {
  const zones = g.zonesAtRestore;
  if (!g.suspendedByDextre.includes('AZRebalance') || zones === undefined || zonesEven(zones)) return g.suspendedByDextre;
  const spread = Object.entries(zones)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([zone, n]) => `${zone}:${n}`)
    .join(' ');
  step.warn(
    `group ${g.name}: AZRebalance left suspended — its instances ended the roll unevenly over its zones (${spread}), and ` +
      `resumed now Auto Scaling would even them out by terminating an instance without draining it. Even the zones ` +
      `first with \`dextre rebalance --cluster ${step.s.cluster} --fix-zones\`, then resume it: ` +
      `aws autoscaling resume-processes --auto-scaling-group-name ${g.name} --scaling-processes AZRebalance`,
  );
  return g.suspendedByDextre.filter((p) => p !== 'AZRebalance');
}

/** A group's instances (Pending or InService) per zone, every zone of the group present. */
export function instancesPerZone(group: NodeGroup): Record<string, number> {
  const zones: Record<string, number> = Object.fromEntries(group.zones.map((z) => [z, 0]));
  for (const i of group.instances) {
    if (i.lifecycleState === 'Pending' || i.lifecycleState === 'InService') zones[i.zone] = (zones[i.zone] ?? 0) + 1;
  }
  return zones;
}

/** Zones at most one instance apart: what AZRebalance leaves alone. */
export function zonesEven(zones: Record<string, number>): boolean {
  const counts = Object.values(zones);
  return counts.length < 2 || Math.max(...counts) - Math.min(...counts) <= 1;
}

function finished(s: RollState): boolean {
  return (
    s.groupOrder.every((g) => s.groups[g]?.restored === 'done') &&
    s.replacementOrder.every((r) => s.replacements[r]?.unprotected === true || s.replacements[r]?.status === 'deleted') &&
    (s.prepull.manifests.length === 0 || s.prepull.deleted) &&
    Object.keys(s.inflight).every((k) => k === 'watch-nodes')
  );
}

/** A restore effect failed for good: record it and do not try again in this run. */
export function restoreEffectFailed(step: Step, key: string, message: string): void {
  const { s } = step;
  const [kind, name = ''] = key.split(':');
  if (kind === 'restore-read') {
    // Without a fresh read, restore what dextre knows of; a change by others since may be undone.
    const g = s.groups[name];
    if (g) g.restored = 'read';
  } else if (kind === 'restore-size') {
    // The processes dextre suspended are still resumed: a group left suspended fights nobody, but also heals nothing.
    const g = s.groups[name];
    if (g) g.restored = 'resized';
  } else if (kind === 'restore-resume') {
    const g = s.groups[name];
    if (g) g.restored = 'done';
  } else if (kind === 'restore-unprotect') {
    const r = s.replacements[name];
    if (r) r.unprotected = true;
  } else if (kind === 'restore-prepull') {
    s.prepull.deleted = true;
  }
  step.warn(`could not finish restoring (${key}): ${message}. Run dextre again to finish the clean-up.`);
  s.outcome = 'failed';
  s.failure ??= { code: 'UNAVAILABLE', message: `The roll could not restore everything: ${message}` };
}
