// Zone moves: the fewest evictions that bring one workload within its maxSkew, wherever the cluster has
// room. After the descheduler's RemovePodsViolatingTopologySpreadConstraint (balanceDomains), but one pod
// at a time against a ledger of room: each move takes a pod from the fullest zone to the emptiest zone
// that can take it, and counts only if some node there has room (without turning hot).
//
// Why this is the fewest: a move changes two zones by one each, so the skew (most − fewest) falls by at
// most two per move, and by two only when it takes from a fullest zone and gives to an emptiest; moving
// fullest → emptiest is that move whenever there is one (test/core/rebalance/zone-moves.test.ts checks
// the count against a search over every final distribution). A workload already within its maxSkew gets
// no move at all: no evict/reschedule loops. Planning stops when no move lowers the sum of squared zone
// counts (the spread), which every accepted move does.
import { compareText, isSystemCritical } from '../filters.js';
import { podKey, type Pod, type Zone } from '../model.js';
import { cordonSet } from './cordons.js';
import { commit, movability, zonePinned, type PlanContext } from './candidates.js';
import { movedCounts, percent, skewOf, type MeasuredWorkload } from './measure.js';
import { capFlag, type CapHit } from './room.js';
import type { ZoneCounts } from './types.js';

interface Candidate {
  pod: Pod & { nodeName: string };
  warnings: string[];
}

/** Plans the zone moves of one workload; findings explain a skew left above maxSkew. */
export function planZoneMoves(ctx: PlanContext, measured: MeasuredWorkload): void {
  const { spread } = measured;
  const counts = ctx.counts.get(spread.key);
  if (!counts || skewOf(counts) <= spread.maxSkew) return;
  const candidates = movableByZone(ctx, measured);
  let stuck: Stuck | undefined;
  while (skewOf(counts) > spread.maxSkew) {
    stuck = tryOneMove(ctx, measured, counts, candidates);
    if (stuck !== undefined) break;
  }
  if (stuck === undefined) return;
  ctx.findings.add({
    kind: stuck.kind,
    message: `${spread.key} stays at skew ${skewOf(counts)} (maxSkew ${spread.maxSkew}; ${zoneText(counts)}): ${stuck.why}`,
    remedy: REMEDY[stuck.kind],
    ...(stuck.flag !== undefined ? { flag: stuck.flag } : {}),
    workload: spread.key,
  });
}

/** Why no move goes: no room, a cap, or no pod that may be evicted (the other findings say why). */
interface Stuck {
  kind: 'no-room' | 'cap-reached' | 'no-movable-pod';
  why: string;
  flag?: string;
}

const REMEDY: Record<Stuck['kind'], string> = {
  'no-room': 'add capacity in the emptier zones (or free some), then run rebalance again',
  'cap-reached': 'raise the cap, or run rebalance again',
  'no-movable-pod': 'see the findings about its pods',
};

/**
 * One move from the fullest zone to the emptiest that can take it, or why none goes (undefined when one
 * was planned). Pairs are tried fullest source first, emptiest target first.
 */
function tryOneMove(ctx: PlanContext, measured: MeasuredWorkload, counts: ZoneCounts, candidates: Map<Zone, Candidate[]>): Stuck | undefined {
  const { spread } = measured;
  const zones = spread.zones;
  const sources = [...zones].sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || compareText(a, b));
  const targets = [...zones].sort((a, b) => (counts[a] ?? 0) - (counts[b] ?? 0) || compareText(a, b));
  let stuck: Stuck = { kind: 'no-movable-pod', why: 'no pod of the fuller zones may be evicted' };
  for (const from of sources) {
    for (const to of targets) {
      // Moving between zones less than two apart does not make the spread any tighter.
      if ((counts[from] ?? 0) - (counts[to] ?? 0) < 2) break;
      const pick = pickPod(ctx, candidates.get(from) ?? [], measured);
      if ('hit' in pick) {
        if (pick.hit !== undefined) stuck = { kind: 'cap-reached', why: `${capFlag(pick.hit, ctx.options)} reached`, flag: capFlag(pick.hit, ctx.options).split(' ')[0] ?? '' };
        break;
      }
      const [target] = ctx.room.targetsIn(pick.pod, to, pick.pod.nodeName);
      if (!target) {
        stuck = { kind: 'no-room', why: `no node in ${to} has room for ${podKey(pick.pod)} (${pick.pod.requests.cpu}m CPU, ${pick.pod.requests.memory} MiB) without going above ${percent(ctx.room.threshold)}` };
        continue;
      }
      const skewBefore = skewOf(counts);
      const left = { ...counts, [from]: (counts[from] ?? 0) - 1 };
      const after = movedCounts(counts, from, to);
      // Once the pod has left, landing in any zone no fuller than the target is as good as planned.
      const acceptableZones = zones.filter((z) => (left[z] ?? 0) <= (counts[to] ?? 0));
      const places = ctx.room.placesFor(pick.pod, pick.pod.nodeName);
      commit(
        ctx,
        {
          reason: 'zone-skew',
          pod: { namespace: pick.pod.namespace, name: pick.pod.name, uid: pick.pod.uid },
          ...ownerOf(pick.pod, spread.key),
          fromNode: pick.pod.nodeName,
          fromZone: from,
          toZone: to,
          toNode: target.name,
          acceptableZones,
          cordon: cordonSet({ fromNode: pick.pod.nodeName, toNode: target.name, ...places }, acceptableZones),
          ...places,
          skewBefore,
          skewAfter: skewOf(after),
          critical: isSystemCritical(pick.pod),
          message: `${spread.key}: ${podKey(pick.pod)} from ${pick.pod.nodeName} (${from}) to ${to}; skew ${skewBefore} → ${skewOf(after)} (maxSkew ${spread.maxSkew})`,
        },
        pick.pod,
        pick.warnings,
      );
      const list = candidates.get(from);
      if (list) list.splice(list.indexOf(pick), 1);
      return undefined;
    }
  }
  return stuck;
}

/** The workload's movable pods per zone; pods that cannot move are findings (once per workload and kind). */
function movableByZone(ctx: PlanContext, measured: MeasuredWorkload): Map<Zone, Candidate[]> {
  const byZone = new Map<Zone, Candidate[]>();
  for (const pod of measured.pods) {
    if (pod.nodeName === undefined || ctx.moved.has(pod.uid)) continue;
    const verdict = movability(ctx, pod, measured.spread.key);
    if (!verdict.movable) {
      if (verdict.finding) ctx.findings.add(verdict.finding);
      continue;
    }
    const claim = zonePinned(pod);
    if (claim !== undefined) {
      ctx.findings.add({
        kind: 'zone-pinned-volume',
        message: `pod ${podKey(pod)} uses PersistentVolumeClaim ${claim}; its volume (EBS) lives in one zone, so the pod cannot move to another`,
        remedy: 'spread the workload with a topologySpreadConstraint when its volumes are created; rebalance only moves it within its zone',
        workload: measured.spread.key,
        pod: podKey(pod),
      });
      continue;
    }
    const zone = ctx.nodeZones.get(pod.nodeName);
    if (zone === undefined) continue;
    const list = byZone.get(zone) ?? [];
    list.push({ pod: pod as Candidate['pod'], warnings: verdict.warnings });
    byZone.set(zone, list);
  }
  return byZone;
}

/**
 * Which pod of a zone goes: from the node with the most pods of the workload (it spreads across nodes
 * too), then the hottest node, then regular before system-critical, then by name. `hit` says why none may.
 */
function pickPod(ctx: PlanContext, candidates: readonly Candidate[], measured: MeasuredWorkload): Candidate | { hit: CapHit | undefined } {
  const perNode = new Map<string, number>();
  for (const p of measured.pods) if (p.nodeName !== undefined && !ctx.moved.has(p.uid)) perNode.set(p.nodeName, (perNode.get(p.nodeName) ?? 0) + 1);
  const ordered = [...candidates].sort(
    (a, b) =>
      (perNode.get(b.pod.nodeName) ?? 0) - (perNode.get(a.pod.nodeName) ?? 0) ||
      ctx.room.utilisation(b.pod.nodeName) - ctx.room.utilisation(a.pod.nodeName) ||
      Number(isSystemCritical(a.pod)) - Number(isSystemCritical(b.pod)) ||
      compareText(a.pod.name, b.pod.name),
  );
  let hit: CapHit | undefined;
  for (const c of ordered) {
    const blocked = ctx.caps.blocks(c.pod);
    if (blocked === undefined) return c;
    hit ??= blocked;
  }
  return { hit };
}

export function ownerOf(pod: Pod, workload: string | undefined): { owner?: { kind: string; namespace: string; name: string }; workload?: string } {
  if (!pod.owner?.controller || workload === undefined) return {};
  return { owner: { kind: pod.owner.kind, namespace: pod.namespace, name: pod.owner.name }, workload };
}

export function zoneText(counts: ZoneCounts): string {
  return Object.entries(counts)
    .map(([z, n]) => `${z}:${n}`)
    .join(' ');
}
