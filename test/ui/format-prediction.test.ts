// `plan --simulate` as text: the headline, the timeline table, the PDB holds, capacity in brief, the invariants.
import { describe, expect, it } from 'vitest';
import type { Prediction } from '../../src/core/prediction.js';
import { formatPlanResult, formatPrediction } from '../../src/ui/format-prediction.js';
import { samplePlan, sampleResult, simulation } from './builders.js';

const prediction: Prediction = {
  seconds: 865,
  outcome: 'succeeded',
  timeline: [
    {
      node: 'ip-10-0-1-1',
      group: 'workers-a',
      zone: 'eu-west-1a',
      replacement: 'ip-10-0-9-9',
      phases: [
        { phase: 'surge', start: 0, end: 70 },
        { phase: 'ready', start: 70, end: 90 },
        { phase: 'prepull', start: 90, end: 170.4 },
        { phase: 'drain', start: 340, end: 360 },
        { phase: 'terminate', start: 360, end: 390 },
      ],
    },
    { node: 'ip-10-0-2-2', group: 'workers-a', zone: 'eu-west-1b', replacement: null, phases: [{ phase: 'drain', start: 400, end: 865, unfinished: true }] },
  ],
  pdbHolds: [{ pdb: 'app/web-tier', seconds: 105, longestSeconds: 35, pods: 3, refusals: 9 }],
  peakExtraInstances: 3,
  readyCapacity: [
    { at: 0, ratio: 1 },
    { at: 75, ratio: 1.3333 },
    { at: 400, ratio: 0.9 },
  ],
  blockers: [],
};

describe('formatPrediction', () => {
  const text = formatPrediction(prediction, simulation);

  it('gives the predicted duration and a row per node with each phase from–to in seconds', () => {
    expect(text).toContain('the roll succeeds after 14m25s (865s), 2 nodes.');
    expect(text).toMatch(/NODE\s+REPLACEMENT\s+SURGE\s+READY\s+PREPULL\s+DRAIN\s+TERMINATE/);
    expect(text).toMatch(/ip-10-0-1-1\s+ip-10-0-9-9\s+0–70\s+70–90\s+90–170\s+340–360\s+360–390/);
    expect(text).toMatch(/ip-10-0-2-2\s+-\s+-\s+-\s+-\s+400–865 \(stopped\)\s+-/);
  });

  it('lists the PDBs that held the roll, the peak, capacity in brief and the simulator’s invariants', () => {
    expect(text).toMatch(/app\/web-tier\s+105s\s+35s\s+3\s+9/);
    expect(text).toContain('Peak extra instances: 3');
    expect(text).toContain('lowest 90% at 400s, highest 133.3% at 75s, 2 changes');
    expect(text).toContain('Simulation (observed by the simulator):');
  });

  it('says when no PDB held the roll', () => {
    expect(formatPrediction({ ...prediction, pdbHolds: [] }, undefined)).toContain('No PodDisruptionBudget held the roll.');
  });
});

describe('formatPlanResult', () => {
  it('follows the plan with the rehearsal, or says why there was none', () => {
    const rehearsed = formatPlanResult(samplePlan(), { ...sampleResult({ outcome: 'planned' }), prediction }, { prepull: true, simulate: true });
    expect(rehearsed.indexOf('Cluster demo: replace')).toBeLessThan(rehearsed.indexOf('Rehearsal (the real engine'));
    const blocked = samplePlan({ blockers: [{ kind: 'emptydir-pod', message: 'm', remedy: 'r' }] });
    expect(formatPlanResult(blocked, sampleResult({ outcome: 'planned' }), { prepull: true, simulate: true })).toContain(
      'Not rehearsed (--simulate): the roll would not start while the plan has 1 blocker.',
    );
    expect(formatPlanResult(blocked, sampleResult({ outcome: 'planned' }), { prepull: true, simulate: false })).not.toContain('Not rehearsed');
  });
});
