// The prediction built from engine events: phases per node, launch asks paired with replacements in
// order, PDB holds as the union of waits, the capacity curve cut to the roll. Events written by hand.
import { describe, expect, it } from 'vitest';
import type { RollResult } from '../../src/core/result.js';
import type { EngineEvent } from '../../src/engine/api.js';
import { buildPrediction, unionLength, type NodeLife } from '../../src/engine/timeline.js';

const T = 1000;

function result(extra: Partial<RollResult> = {}): RollResult {
  const node = (name: string, replacement: string | null) => ({
    name,
    group: 'ng',
    zone: 'a',
    instanceId: `i-${name}`,
    reasons: [],
    action: 'replaced' as const,
    replacement: replacement ? { name: replacement, zone: 'a', instanceId: `i-${replacement}` } : null,
    evictedPods: 1,
  });
  return {
    outcome: 'succeeded',
    cluster: 'c',
    startedAt: T,
    finishedAt: T + 300,
    nodes: [node('old-1', 'new-2'), node('old-2', 'new-1')],
    groups: [],
    blockers: [],
    warnings: [],
    prepull: [],
    ...extra,
  };
}

const at = (s: number) => T + s;

const events: EngineEvent[] = [
  { type: 'launch', at: at(0), group: 'ng', count: 1 },
  { type: 'replacement', at: at(75), node: 'new-1', group: 'ng', zone: 'a', ready: true, prepulled: false },
  { type: 'replacement', at: at(90), node: 'new-1', group: 'ng', zone: 'a', ready: true, prepulled: true },
  { type: 'launch', at: at(90), group: 'ng', count: 2 },
  { type: 'launch', at: at(91), group: 'ng', count: -1 },
  { type: 'node', at: at(90), node: 'old-2', group: 'ng', status: 'cordoned' },
  { type: 'node', at: at(90), node: 'old-2', group: 'ng', status: 'draining' },
  { type: 'pod', at: at(91), node: 'old-2', group: 'ng', pod: 'app/a-1', status: 'refused', pdbs: ['web'] },
  { type: 'pod', at: at(96), node: 'old-2', group: 'ng', pod: 'app/a-1', status: 'refused', pdbs: ['web'] },
  { type: 'pod', at: at(100), node: 'old-2', group: 'ng', pod: 'app/b-1', status: 'refused', pdbs: ['web'] },
  { type: 'pod', at: at(110), node: 'old-2', group: 'ng', pod: 'app/a-1', status: 'evicted', pdbs: [] },
  { type: 'pod', at: at(130), node: 'old-2', group: 'ng', pod: 'app/b-1', status: 'evicted', pdbs: [] },
  { type: 'node', at: at(140), node: 'old-2', group: 'ng', status: 'terminating' },
  { type: 'node', at: at(140), node: 'old-2', group: 'ng', status: 'replaced', detail: 'by new-1' },
  { type: 'replacement', at: at(185), node: 'new-2', group: 'ng', zone: 'a', ready: true, prepulled: false },
  { type: 'replacement', at: at(200), node: 'new-2', group: 'ng', zone: 'a', ready: true, prepulled: true },
  { type: 'node', at: at(200), node: 'old-1', group: 'ng', status: 'cordoned' },
  { type: 'node', at: at(230), node: 'old-1', group: 'ng', status: 'drained' },
  { type: 'node', at: at(240), node: 'old-1', group: 'ng', status: 'terminating' },
];

const lives = new Map<string, NodeLife>([
  ['new-1', { registeredAt: at(60) }],
  ['new-2', { registeredAt: at(170) }],
  ['old-2', { goneAt: at(170) }],
  ['old-1', { goneAt: at(330) }],
]);

const curve = [
  { at: at(-50), ratio: 1 },
  { at: at(75), ratio: 1.5 },
  { at: at(140), ratio: 1 },
  { at: at(140), ratio: 0.5 },
  { at: at(400), ratio: 1 },
];

describe('buildPrediction', () => {
  const p = buildPrediction({ events, result: result(), nodes: lives, readyCapacity: curve, prepull: true });

  it('gives each node its replacement phases and its own, in seconds from the start', () => {
    expect(p.seconds).toBe(300);
    expect(p.timeline).toStrictEqual([
      {
        node: 'old-1',
        group: 'ng',
        zone: 'a',
        replacement: 'new-2',
        phases: [
          { phase: 'surge', start: 90, end: 170 },
          { phase: 'ready', start: 170, end: 185 },
          { phase: 'prepull', start: 185, end: 200 },
          { phase: 'drain', start: 200, end: 230 },
          { phase: 'terminate', start: 240, end: 330 },
        ],
      },
      {
        node: 'old-2',
        group: 'ng',
        zone: 'a',
        replacement: 'new-1',
        phases: [
          { phase: 'surge', start: 0, end: 60 },
          { phase: 'ready', start: 60, end: 75 },
          { phase: 'prepull', start: 75, end: 90 },
          // Drained and terminated in one step: the drain ends when termination began.
          { phase: 'drain', start: 90, end: 140 },
          { phase: 'terminate', start: 140, end: 170 },
        ],
      },
    ]);
  });

  it('counts each PDB hold from a pod’s first refusal to its eviction, overlapping waits once', () => {
    expect(p.pdbHolds).toStrictEqual([{ pdb: 'app/web', seconds: 39, longestSeconds: 30, pods: 2, refusals: 3 }]);
  });

  it('cuts the capacity curve to the roll, from its start, the last change of a moment winning', () => {
    expect(p.readyCapacity).toStrictEqual([
      { at: 0, ratio: 1 },
      { at: 75, ratio: 1.5 },
      { at: 140, ratio: 0.5 },
    ]);
  });

  it('leaves the pre-pull out when the roll did not pre-pull', () => {
    const q = buildPrediction({ events, result: result(), nodes: lives, readyCapacity: curve, prepull: false });
    expect(q.timeline[0]?.phases.map((x) => x.phase)).toStrictEqual(['surge', 'ready', 'drain', 'terminate']);
  });

  it('ends what a failed roll left under way with the roll, marked unfinished, and keeps its blockers', () => {
    const stopped = events.filter((e) => e.at <= at(100));
    const blocker = { kind: 'eviction-refused' as const, message: 'm', remedy: 'r', pdb: 'app/web' };
    const failed = result({
      outcome: 'failed',
      finishedAt: T + 1000,
      blockers: [blocker],
      error: { code: 'BLOCKED', message: 'e' },
      nodes: result().nodes.map((n) => ({ ...n, replacement: null, action: 'skipped' as const })),
    });
    const q = buildPrediction({ events: stopped, result: failed, nodes: lives, readyCapacity: curve, prepull: true });
    expect(q.outcome).toBe('failed');
    expect(q.blockers).toStrictEqual([blocker]);
    expect(q.error).toStrictEqual({ code: 'BLOCKED', message: 'e' });
    expect(q.timeline.map((t) => t.phases)).toStrictEqual([[], [{ phase: 'drain', start: 90, end: 1000, unfinished: true }]]);
    // A pod still refused when the roll stopped waited until the end.
    expect(q.pdbHolds).toStrictEqual([{ pdb: 'app/web', seconds: 909, longestSeconds: 909, pods: 2, refusals: 3 }]);
  });
});

describe('unionLength', () => {
  it.each<[[number, number][], number]>([
    [[], 0],
    [[[0, 10]], 10],
    [[[0, 10], [5, 15]], 15],
    [[[0, 10], [20, 30]], 20],
    [[[20, 30], [0, 10], [2, 3]], 20],
    [[[0, 10], [10, 20]], 20],
    [[[5, 5]], 0],
  ])('%j covers %i', (intervals, length) => {
    expect(unionLength(intervals)).toBe(length);
  });
});
