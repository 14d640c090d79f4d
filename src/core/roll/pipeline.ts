// The per-group pipeline: launch replacements within the surge, cordon old nodes as warm capacity
// allows, terminate drained ones. Counters, not waves: a slot frees and the next launch goes at once.
//
// Invariants kept here (the simulator checks them independently):
// - extra instances = launched − terminated ≤ the window (1 until the toe-dip replacement is warm,
//   then the surge), so desired never exceeds original + surge;
// - started old nodes < warm replacements + maxUnavailable, so Ready schedulable capacity never drops
//   below the original minus maxUnavailable;
// - one cloud mutation per group at a time, so absolute desired values never race a decrement.
import { cordonPatch } from './marks.js';
import { windowOpen } from './window-pause.js';
import type { GroupState, OldNodeState, ReplacementState, RollState } from './state.js';
import type { Step } from './step.js';

const CLOUD_EFFECTS = new Set(['SetGroupSize', 'ReadGroupSize', 'SuspendProcesses', 'ResumeProcesses', 'TerminateInstance']);

export function groupBusy(s: RollState, group: string): boolean {
  return Object.values(s.inflight).some((e) => CLOUD_EFFECTS.has(e.type) && 'group' in e && e.group === group);
}

/** The group fights no longer: its processes are suspended and its min allows the roll. */
export function isProtected(g: GroupState): boolean {
  return (g.suspendedByDextre.length === 0 || g.suspended) && (g.rollMin === g.original.min || g.minLowered);
}

export function desiredOf(g: GroupState): number {
  return g.original.desired + g.external + g.launched - g.terminated;
}

/** Desired as Auto Scaling reported it: what differs from what dextre expects was changed by others. */
export function sizeRead(step: Step, g: GroupState, desired: number): void {
  const delta = desired - desiredOf(g);
  if (delta !== 0) {
    g.external += delta;
    step.warn(
      `group ${g.name}: desired capacity changed by ${delta > 0 ? '+' : ''}${delta} outside dextre during the roll ` +
        `(cluster-autoscaler, a scheduled action, a person); dextre keeps that change`,
    );
  }
  g.sizeRead = true;
  takeBackLostLaunches(step, g);
}

/**
 * Replacements removed by others with a decrement (cluster-autoscaler scaling an empty one down — an adopted
 * replacement is unprotected until this roll labels it) are launches gone, not owed and not an outside change:
 * matched with the drop in desired (in whichever order the two are seen), they are taken back and launched again.
 */
export function takeBackLostLaunches(step: Step, g: GroupState): void {
  const lost = Math.min(g.replacementsLost ?? 0, Math.max(0, -g.external));
  if (lost <= 0) return;
  g.external += lost;
  g.launched -= lost;
  g.launchedConfirmed = Math.min(g.launchedConfirmed, g.launched);
  g.replacementsLost = (g.replacementsLost ?? 0) - lost;
  step.warn(`group ${g.name}: ${lost} replacement(s) were removed by someone else with desired lowered (cluster-autoscaler?); dextre launches again`);
}

function window(g: GroupState): number {
  return g.toeDipDone ? g.surge : Math.min(g.surge, 1);
}

function oldNodesOf(s: RollState, group: string): OldNodeState[] {
  return s.nodeOrder.map((n) => s.nodes[n]).filter((n): n is OldNodeState => n?.group === group);
}

function warmCount(s: RollState, group: string): number {
  return s.replacementOrder.filter((name) => {
    const r = s.replacements[name];
    return r?.group === group && r.status === 'warm' && r.ready;
  }).length;
}

/** Replacements of the group that joined and are still there (a deleted one no longer counts). */
export function joinedCount(s: RollState, group: string): number {
  return s.replacementOrder.filter((r) => s.replacements[r]?.group === group && s.replacements[r]?.status !== 'deleted').length;
}

/** Runs every group's pipeline as far as the state allows now. */
export function advanceGroups(step: Step): void {
  for (const name of step.s.groupOrder) {
    const g = step.s.groups[name];
    if (!g) continue;
    terminateDrained(step, g);
    if (!step.failing && isProtected(g)) {
      // Outside the maintenance windows no further node is started (window-pause.ts).
      const open = windowOpen(step.s);
      launch(step, g, open);
      if (open) cordon(step, g);
    }
  }
}

/** Terminates one drained old node of the group with decrement, when no cloud call of the group is in flight. */
export function terminateDrained(step: Step, g: GroupState): void {
  const { s } = step;
  if (groupBusy(s, g.name)) return;
  const drained = oldNodesOf(s, g.name).find((n) => n.status === 'drained');
  if (!drained) return;
  drained.status = 'terminating';
  step.issue({
    type: 'TerminateInstance',
    key: `terminate:${drained.name}`,
    group: g.name,
    instanceId: drained.instanceId,
    node: drained.name,
  });
}

/** `open`: inside a maintenance window; outside, only capacity already terminated (--surge 0) is launched again. */
function launch(step: Step, g: GroupState, open: boolean): void {
  const { s } = step;
  if (groupBusy(s, g.name)) return;
  const room = window(g) - (g.launched - g.terminated);
  const count = Math.min(room, g.total - g.launched, open ? Infinity : g.terminated - g.launched);
  if (count <= 0) {
    g.sizeRead = false;
    return;
  }
  if (!g.sizeRead) {
    step.issue({ type: 'ReadGroupSize', key: `read-size:${g.name}`, group: g.name });
    return;
  }
  g.sizeRead = false;
  g.launched += count;
  g.lastProgressAt = s.now;
  step.issue({
    type: 'SetGroupSize',
    key: `size:${g.name}`,
    group: g.name,
    min: g.rollMin,
    max: g.rollMax,
    desired: desiredOf(g),
  });
  step.timer(`launch-timeout:${g.name}`, s.now + s.settings.launchTimeoutSeconds);
}

/** Re-arms or clears a group's launch timeout after a replacement joined. */
export function launchProgressed(step: Step, g: GroupState): void {
  const { s } = step;
  g.lastProgressAt = s.now;
  step.cancel(`launch-timeout:${g.name}`);
  if (joinedCount(s, g.name) < g.launched) step.timer(`launch-timeout:${g.name}`, s.now + s.settings.launchTimeoutSeconds);
}

export function launchTimedOut(step: Step, group: string): void {
  const g = step.s.groups[group];
  if (!g) return;
  const missing = g.launched - joinedCount(step.s, group);
  if (missing <= 0) return;
  step.fail({
    code: 'TIMEOUT',
    message:
      `Auto Scaling group ${group}: ${missing} replacement instance(s) requested at ${g.lastProgressAt} did not become ` +
      `Ready nodes within ${step.s.settings.launchTimeoutSeconds}s. Check the group's scaling activities ` +
      `(capacity in its zones, the launch template and AMI, the node bootstrap), then run dextre again to resume.`,
  });
}

function cordon(step: Step, g: GroupState): void {
  const { s } = step;
  const nodes = oldNodesOf(s, g.name);
  let started = nodes.filter((n) => n.status !== 'waiting').length;
  const warm = warmCount(s, g.name);
  while (started < warm + g.maxUnavailable) {
    const next = pickNext(s, nodes);
    if (!next) return;
    next.status = 'cordoning';
    pair(s, next);
    step.issue({ type: 'PatchNode', key: `cordon:${next.name}`, node: next.name, purpose: 'cordon', patch: cordonPatch });
    started++;
  }
}

/**
 * The next old node to cordon. Auto Scaling launches each replacement into the zone with the fewest
 * instances; dextre cannot choose it, but it chooses where instances leave. Draining the zone that has the
 * fewest instances now (among zones with old nodes left) makes it the single least populated one once its
 * node is terminated, which draws the next launch into it: each zone's old nodes are replaced in that zone,
 * and the group ends as balanced across zones as it began (draining where the last launch landed would
 * leave every zone tied, and ties go to whichever zone Auto Scaling picks). Ties go to the zone with the
 * most old nodes left, then to the zone of a warm replacement (moved pods find room in their own zone),
 * then to plan order.
 */
function pickNext(s: RollState, nodes: OldNodeState[]): OldNodeState | undefined {
  const waiting = nodes.filter((n) => n.status === 'waiting');
  if (waiting.length === 0) return undefined;
  const group = waiting[0]?.group ?? '';
  const count = (map: Map<string, number>, zone: string) => map.set(zone, (map.get(zone) ?? 0) + 1);
  const instances = new Map<string, number>();
  const left = new Map<string, number>();
  for (const n of nodes) if (n.status !== 'terminated') count(instances, n.zone);
  for (const n of waiting) count(left, n.zone);
  for (const name of s.replacementOrder) {
    const r = s.replacements[name];
    if (r?.group === group && r.status !== 'deleted') count(instances, r.zone);
  }
  const warmZones = new Set(unpairedWarm(s, group).map((r) => r.zone));
  const rank = (n: OldNodeState) => [instances.get(n.zone) ?? 0, -(left.get(n.zone) ?? 0), warmZones.has(n.zone) ? 0 : 1];
  let best = waiting[0];
  for (const n of waiting) if (best === undefined || lexLess(rank(n), rank(best))) best = n;
  return best;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

function unpairedWarm(s: RollState, group: string) {
  return s.replacementOrder
    .map((r) => s.replacements[r])
    .filter((r) => r !== undefined && r.group === group && r.status === 'warm' && r.pairedWith === undefined)
    .map((r) => r!);
}

/**
 * The report pairs each old node with the replacement that stands in for it: one in the same zone when
 * there is one (a launch drawn into the zone by the node's termination arrives after it), else whatever is
 * left once the group is rolled.
 */
function pair(s: RollState, node: OldNodeState): void {
  const r = unpairedWarm(s, node.group).find((x) => x.zone === node.zone);
  if (r) link(node, r);
}

/** A replacement turned warm: pair it with a started old node of its zone that has none yet. */
export function pairWarm(s: RollState, replacement: string): void {
  const r = s.replacements[replacement];
  if (!r || r.pairedWith !== undefined) return;
  const node = oldNodesOf(s, r.group).find((n) => n.status !== 'waiting' && n.replacement === undefined && n.zone === r.zone);
  if (node) link(node, r);
}

/** Once a group is rolled: pair what is left, in order, whatever the zones. */
export function pairRest(s: RollState): void {
  for (const g of s.groupOrder) {
    const free = s.replacementOrder
      .map((name) => s.replacements[name])
      .filter((r): r is ReplacementState => r !== undefined && r.group === g && r.pairedWith === undefined && r.status !== 'deleted');
    for (const node of oldNodesOf(s, g)) {
      if (node.replacement !== undefined || node.status !== 'terminated') continue;
      const r = free.shift();
      if (r) link(node, r);
    }
  }
}

function link(node: OldNodeState, r: ReplacementState): void {
  r.pairedWith = node.name;
  node.replacement = r.name;
}
