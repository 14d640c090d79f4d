// `plan --simulate` as people read it: the predicted duration, a row per node with its phases (seconds
// from the start), the PDBs that held the roll, the peak of extra instances, the ready-capacity curve in
// brief and the simulator's own account of the invariants. Pure: a function of the prediction.
import { formatDuration } from '../config/duration.js';
import { TIMELINE_PHASES, type CapacityPoint, type Prediction } from '../core/prediction.js';
import type { RollPlan } from '../core/plan.js';
import type { RollResult, SimulationReport } from '../core/result.js';
import { formatPlan } from './format-plan.js';
import { blockerLines, sections } from './format-common.js';
import { simulationLines } from './format-result.js';
import { count, table } from './text.js';

export function formatPrediction(prediction: Prediction, simulation: SimulationReport | undefined): string {
  return sections(
    [headline(prediction)],
    timelineLines(prediction),
    holdLines(prediction),
    [`Peak extra instances: ${prediction.peakExtraInstances}`, ...capacityLines(prediction.readyCapacity)],
    blockerLines(prediction.blockers, 'The rehearsed roll stopped on'),
    prediction.error ? [`Rehearsal error [${prediction.error.code}]: ${prediction.error.message}`] : [],
    simulation ? simulationLines(simulation) : [],
  );
}

/** `plan`'s text: the plan, then with --simulate the rehearsal (or why there was none). */
export function formatPlanResult(plan: RollPlan, result: RollResult, options: { prepull: boolean; simulate: boolean }): string {
  const rehearsal = result.prediction
    ? formatPrediction(result.prediction, result.simulation)
    : options.simulate && plan.blockers.length > 0
      ? `Not rehearsed (--simulate): the roll would not start while the plan has ${count(plan.blockers.length, 'blocker')}.`
      : '';
  const window = result.maintenanceWindow ? [result.maintenanceWindow.message] : [];
  return sections([formatPlan(plan, { prepull: options.prepull })], window, rehearsal ? [rehearsal] : []);
}

function headline(p: Prediction): string {
  const how = p.outcome === 'succeeded' ? 'succeeds' : p.outcome === 'failed' ? 'fails' : 'is interrupted';
  return (
    `Rehearsal (the real engine on a fresh simulator, virtual time): the roll ${how} after ${formatDuration(p.seconds)} ` +
    `(${Math.round(p.seconds)}s), ${count(p.timeline.length, 'node')}.`
  );
}

function timelineLines(p: Prediction): string[] {
  if (p.timeline.length === 0) return [];
  const headers = ['NODE', 'REPLACEMENT', ...TIMELINE_PHASES.map((phase) => phase.toUpperCase())];
  const rows = p.timeline.map((t) => [
    t.node,
    t.replacement ?? '-',
    ...TIMELINE_PHASES.map((phase) => {
      const found = t.phases.find((x) => x.phase === phase);
      return found ? `${Math.round(found.start)}–${Math.round(found.end)}${found.unfinished ? ' (stopped)' : ''}` : '-';
    }),
  ]);
  return ['Timeline (seconds from the start; surge: launch asked → registered, ready: → Ready, prepull: → images pulled, drain: cordoned → drained, terminate: → gone):', ...table(headers, rows)];
}

function holdLines(p: Prediction): string[] {
  if (p.pdbHolds.length === 0) return ['No PodDisruptionBudget held the roll.'];
  const rows = p.pdbHolds.map((h) => [h.pdb, `${Math.round(h.seconds)}s`, `${Math.round(h.longestSeconds)}s`, String(h.pods), String(h.refusals)]);
  return ['PodDisruptionBudgets that held the roll (from a refused eviction to the eviction):', ...table(['PDB', 'HELD', 'LONGEST', 'PODS', 'REFUSALS'], rows)];
}

/** The curve in brief: where it was lowest and highest, and how often it changed. */
function capacityLines(curve: readonly CapacityPoint[]): string[] {
  if (curve.length === 0) return [];
  let low = curve[0] as CapacityPoint;
  let high = low;
  for (const point of curve) {
    if (point.ratio < low.ratio) low = point;
    if (point.ratio > high.ratio) high = point;
  }
  const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
  return [
    `Ready capacity (CPU of Ready, schedulable nodes against the start): lowest ${pct(low.ratio)} at ${Math.round(low.at)}s, ` +
      `highest ${pct(high.ratio)} at ${Math.round(high.at)}s, ${count(curve.length - 1, 'change')}`,
  ];
}
