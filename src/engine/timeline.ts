// The prediction of a rehearsed roll, built from what the engine told its listeners (launches, nodes,
// replacements, evictions) and from when nodes registered and went away (seen through the Kubernetes
// port): a row per node, the time each PDB held the roll, and the simulator's ready-capacity curve.
// Pure: the same events give the same prediction.
import type { CapacityPoint, NodeTimeline, PdbHold, Prediction, TimelinePhase } from '../core/prediction.js';
import type { RollResult } from '../core/result.js';
import type { EngineEvent } from './api.js';

/** Epoch seconds at which a node's object appeared and disappeared, as the watch saw them. */
export interface NodeLife {
  registeredAt?: number;
  goneAt?: number;
}

export interface TimelineInput {
  events: readonly EngineEvent[];
  /** The rehearsed roll's result: its start, its end, and which replacement stands in for each node. */
  result: RollResult;
  nodes: ReadonlyMap<string, NodeLife>;
  /** Epoch seconds and ratio, one point per change. */
  readyCapacity: readonly CapacityPoint[];
  /** Whether the roll pre-pulled (without, a replacement is warm once Ready: no pre-pull phase). */
  prepull: boolean;
}

interface Replacement {
  group: string;
  readyAt: number;
  warmAt?: number;
}

export function buildPrediction(input: TimelineInput): Prediction {
  const { result } = input;
  const origin = result.startedAt;
  const rel = (t: number) => Math.round((t - origin) * 1000) / 1000;
  const seconds = rel(result.finishedAt);
  const asked = launchAsks(input.events);
  const replacements = new Map<string, Replacement>();
  const old = new Map<string, { cordoned?: number; drained?: number; terminating?: number }>();
  for (const e of input.events) {
    if (e.type === 'replacement') {
      const r = replacements.get(e.node);
      if (!r) replacements.set(e.node, { group: e.group, readyAt: e.at, ...(e.prepulled ? { warmAt: e.at } : {}) });
      else if (e.prepulled) r.warmAt ??= e.at;
    } else if (e.type === 'node') {
      const n = old.get(e.node) ?? {};
      if (e.status === 'cordoned' || e.status === 'draining') n.cordoned ??= e.at;
      // A node drained and terminated within one step reports only `terminating`: it was drained then too.
      if (e.status === 'drained' || e.status === 'terminating' || e.status === 'replaced') n.drained ??= e.at;
      if (e.status === 'terminating' || e.status === 'replaced') n.terminating ??= e.at;
      old.set(e.node, n);
    }
  }
  const launchOf = pairLaunches(asked, replacements, input.nodes);

  const timeline: NodeTimeline[] = result.nodes.map((n) => {
    const phases: TimelinePhase[] = [];
    const push = (phase: TimelinePhase['phase'], start: number | undefined, end: number | undefined, orUnfinished = false) => {
      if (start === undefined) return;
      if (end !== undefined) phases.push({ phase, start: rel(start), end: rel(Math.max(start, end)) });
      // What a failed roll left under way (a drain a PDB held, a pre-pull) ends with the roll, marked so.
      else if (orUnfinished && result.outcome !== 'succeeded') phases.push({ phase, start: rel(start), end: rel(Math.max(start, result.finishedAt)), unfinished: true });
    };
    const name = n.replacement?.name;
    const r = name !== undefined ? replacements.get(name) : undefined;
    if (name !== undefined && r) {
      const registered = input.nodes.get(name)?.registeredAt ?? r.readyAt;
      push('surge', launchOf.get(name) ?? registered, registered);
      push('ready', registered, r.readyAt);
      if (input.prepull) push('prepull', r.readyAt, r.warmAt, true);
    }
    const o = old.get(n.name) ?? {};
    push('drain', o.cordoned, o.drained, true);
    // A node seen to go after the roll ended still ends its row when it went; one never seen gone ends with the roll.
    push('terminate', o.terminating, input.nodes.get(n.name)?.goneAt ?? (o.terminating !== undefined ? Math.max(o.terminating, result.finishedAt) : undefined));
    return { node: n.name, group: n.group, zone: n.zone, replacement: name ?? null, phases };
  });

  return {
    seconds,
    outcome: result.outcome === 'succeeded' || result.outcome === 'interrupted' ? result.outcome : 'failed',
    timeline,
    pdbHolds: pdbHolds(input.events, result.finishedAt),
    peakExtraInstances: result.simulation?.maxExtraInstances ?? 0,
    readyCapacity: capacityCurve(input.readyCapacity, origin, timeline, seconds),
    blockers: result.outcome === 'succeeded' ? [] : result.blockers,
    ...(result.error ? { error: { ...result.error } } : {}),
  };
}

/** Per group, the moments replacements were asked for, one entry per instance, in order. */
function launchAsks(events: readonly EngineEvent[]): Map<string, number[]> {
  const asks = new Map<string, number[]>();
  for (const e of events) {
    if (e.type !== 'launch') continue;
    const list = asks.get(e.group) ?? [];
    for (let i = 0; i < e.count; i++) list.push(e.at);
    // A launch Auto Scaling refused is taken back: the latest ask never produced an instance.
    for (let i = 0; i < -e.count; i++) list.pop();
    asks.set(e.group, list);
  }
  return asks;
}

/**
 * Auto Scaling's instances are interchangeable: the group's k-th replacement to register answers its k-th
 * ask. Replacement name → the moment its launch was asked.
 */
function pairLaunches(asks: ReadonlyMap<string, number[]>, replacements: ReadonlyMap<string, Replacement>, nodes: ReadonlyMap<string, NodeLife>): Map<string, number> {
  const byGroup = new Map<string, { name: string; at: number }[]>();
  for (const [name, r] of replacements) {
    const list = byGroup.get(r.group) ?? [];
    list.push({ name, at: nodes.get(name)?.registeredAt ?? r.readyAt });
    byGroup.set(r.group, list);
  }
  const out = new Map<string, number>();
  for (const [group, list] of byGroup) {
    const times = asks.get(group) ?? [];
    list.sort((a, b) => a.at - b.at || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    list.forEach((r, i) => {
      const at = times[i];
      if (at !== undefined && at <= r.at) out.set(r.name, at);
    });
  }
  return out;
}

/** From each pod's first refusal (since its last eviction) to its eviction, or to the roll's end. */
function pdbHolds(events: readonly EngineEvent[], end: number): PdbHold[] {
  const waiting = new Map<string, { since: number; pdbs: Set<string> }>();
  const holds = new Map<string, { intervals: [number, number][]; pods: Set<string>; refusals: number }>();
  const hold = (pdb: string) => {
    let h = holds.get(pdb);
    if (!h) {
      h = { intervals: [], pods: new Set(), refusals: 0 };
      holds.set(pdb, h);
    }
    return h;
  };
  const close = (pod: string, at: number) => {
    const w = waiting.get(pod);
    if (!w) return;
    waiting.delete(pod);
    for (const pdb of w.pdbs) hold(pdb).intervals.push([w.since, at]);
  };
  for (const e of events) {
    if (e.type !== 'pod' || e.status === 'evicting') continue;
    if (e.status === 'evicted') {
      close(e.pod, e.at);
      continue;
    }
    const namespace = e.pod.split('/')[0] ?? '';
    const pdbs = (e.pdbs ?? []).map((p) => (p.includes('/') ? p : `${namespace}/${p}`));
    const w = waiting.get(e.pod) ?? { since: e.at, pdbs: new Set<string>() };
    for (const pdb of pdbs) {
      w.pdbs.add(pdb);
      hold(pdb).refusals++;
      hold(pdb).pods.add(e.pod);
    }
    waiting.set(e.pod, w);
  }
  for (const pod of [...waiting.keys()]) close(pod, end);
  return [...holds.entries()]
    .map(([pdb, h]) => ({
      pdb,
      seconds: round(unionLength(h.intervals)),
      longestSeconds: round(Math.max(0, ...h.intervals.map(([a, b]) => b - a))),
      pods: h.pods.size,
      refusals: h.refusals,
    }))
    .sort((a, b) => b.seconds - a.seconds || (a.pdb < b.pdb ? -1 : a.pdb > b.pdb ? 1 : 0));
}

/** Total length covered by the intervals, overlaps counted once. */
export function unionLength(intervals: readonly [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let start = -Infinity;
  let stop = -Infinity;
  for (const [a, b] of sorted) {
    if (a > stop) {
      if (stop > start) total += stop - start;
      start = a;
      stop = b;
    } else stop = Math.max(stop, b);
  }
  if (stop > start) total += stop - start;
  return total;
}

/** The curve from the start of the roll to the end of the last row (what happened before the roll is its first point). */
function capacityCurve(points: readonly CapacityPoint[], origin: number, timeline: readonly NodeTimeline[], seconds: number): CapacityPoint[] {
  const last = Math.max(seconds, ...timeline.flatMap((t) => t.phases.map((p) => p.end)));
  const out: CapacityPoint[] = [];
  for (const p of points) {
    const at = round(Math.max(0, p.at - origin));
    if (at > last) break;
    const prev = out[out.length - 1];
    if (prev?.at === at) prev.ratio = p.ratio;
    else out.push({ at, ratio: p.ratio });
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
