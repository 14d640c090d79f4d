// The rehearsal in the report: the predicted duration, the SVG timeline with its legend, the ready-capacity
// curve, the PDBs that held the roll, and the simulator's own account of the invariants. Pure.
import { formatDuration } from '../../config/duration.js';
import type { Prediction } from '../../core/prediction.js';
import type { SimulationReport } from '../../core/result.js';
import { capacitySvg } from './capacity-svg.js';
import { h, tableHtml, type Html } from './html.js';
import { timelineLegend, timelineSvg } from './timeline-svg.js';

export function predictionSections(p: Prediction, simulation: SimulationReport | undefined): Html[] {
  const how = p.outcome === 'succeeded' ? 'succeeds' : p.outcome === 'failed' ? 'fails' : 'is interrupted';
  return [
    h(
      'section',
      { id: 'timeline' },
      h('h2', {}, 'Predicted timeline'),
      h('p', {}, `Rehearsed with the real engine on a fresh simulator in virtual time: the roll ${how} after `, h('b', {}, formatDuration(p.seconds)), ` (${Math.round(p.seconds)} s); peak extra instances ${p.peakExtraInstances}.`),
      timelineLegend(),
      timelineSvg(p.timeline, p.seconds),
    ),
    h(
      'section',
      { id: 'capacity' },
      h('h2', {}, 'Ready capacity over time'),
      h('p', { class: 'muted' }, 'CPU of Ready, schedulable nodes against the start, as the simulator observed it (dashed: 100%).'),
      capacitySvg(p.readyCapacity, p.seconds),
    ),
    h(
      'section',
      { id: 'pdb-holds' },
      h('h2', {}, 'PodDisruptionBudgets that held the roll'),
      p.pdbHolds.length === 0
        ? h('p', { class: 'muted' }, 'None: no eviction was refused.')
        : tableHtml(['PDB', 'held (s)', 'longest wait (s)', 'pods', 'refusals'], p.pdbHolds.map((x) => [x.pdb, String(x.seconds), String(x.longestSeconds), String(x.pods), String(x.refusals)])),
    ),
    simulation ? invariantsSection(simulation) : h('section', {}),
  ];
}

function invariantsSection(s: SimulationReport): Html {
  const rows: [string, string][] = [
    ['PDB violations', String(s.pdbViolations)],
    ['lost pods', String(s.lostPods)],
    ['lowest ready capacity', `${Math.round(s.minReadyCapacityRatio * 1000) / 10}% of the start`],
    ['most extra instances', String(s.maxExtraInstances)],
    ['evictions', `${s.evictions} (${s.evictionsRefusedByPdb} refused by a PDB, retried)`],
    ['moved pod startup', `p50 ${s.movedPodStartupSeconds.p50} s, p95 ${s.movedPodStartupSeconds.p95} s`],
    ['outdated nodes left', String(s.outdatedNodesRemaining)],
    ['unready controller pods', String(s.unreadyControllerPods)],
  ];
  return h('section', { id: 'invariants' }, h('h2', {}, 'Invariants (observed by the simulator)'), tableHtml(['figure', 'value'], rows));
}
