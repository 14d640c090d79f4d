import { describe, expect, it } from 'vitest';
import { planCordon } from '../../src/core/cordon.js';
import type { Node } from '../../src/core/model.js';
import { SCALE_DOWN_DISABLED, SOFT_TAINT } from '../../src/core/roll/marks.js';
import { PREPULL_NODE_LABEL } from '../../src/core/prepull.js';
import { cluster } from './builders.js';

function node(extra: Partial<Node> = {}): Node {
  return { ...cluster().node('n1'), ...extra };
}

const softTainted = { taints: [{ ...SOFT_TAINT }] };
const replacement = { labels: { [PREPULL_NODE_LABEL]: 'r1-ng' }, annotations: { [SCALE_DOWN_DISABLED]: 'true' } };

describe('planCordon', () => {
  it.each([
    { what: 'cordon a schedulable node', unschedulable: true, was: false, action: 'cordoned', patch: { unschedulable: true } },
    { what: 'cordon a cordoned node: nothing to write', unschedulable: true, was: true, action: 'already-cordoned', patch: undefined },
    { what: 'uncordon a cordoned node', unschedulable: false, was: true, action: 'uncordoned', patch: { unschedulable: false } },
    { what: 'uncordon a schedulable node: nothing to write', unschedulable: false, was: false, action: 'already-uncordoned', patch: undefined },
  ])('$what', ({ unschedulable, was, action, patch }) => {
    const { changes, warnings } = planCordon([node({ unschedulable: was })], unschedulable);
    expect(changes).toEqual([{ node: 'n1', action, ...(patch ? { patch } : {}), marksRemoved: [] }]);
    expect(warnings).toEqual([]);
  });

  it("uncordon keeps a roll's marks, naming them in a warning", () => {
    const { changes, warnings } = planCordon([node({ unschedulable: true, ...softTainted })], false);
    expect(changes).toEqual([{ node: 'n1', action: 'uncordoned', patch: { unschedulable: false }, marksRemoved: [] }]);
    expect(warnings).toEqual([expect.stringContaining('keeps dextre\'s roll marks (taint dextre.io/outdated:PreferNoSchedule); a roll set them. Pass --clear-roll-marks')]);
  });

  it('uncordon --clear-roll-marks removes the soft taint, and a replacement\'s label and annotation', () => {
    const old = planCordon([node({ unschedulable: true, ...softTainted })], false, { clearRollMarks: true }).changes[0];
    expect(old).toEqual({
      node: 'n1',
      action: 'uncordoned',
      patch: { unschedulable: false, removeTaints: [{ key: SOFT_TAINT.key, effect: SOFT_TAINT.effect }] },
      marksRemoved: ['taint dextre.io/outdated:PreferNoSchedule'],
    });
    const fresh = planCordon([node(replacement)], false, { clearRollMarks: true }).changes[0];
    expect(fresh?.action).toBe('already-uncordoned');
    expect(fresh?.patch).toMatchObject({ labels: { [PREPULL_NODE_LABEL]: null }, annotations: { [SCALE_DOWN_DISABLED]: null } });
    expect(fresh?.marksRemoved).toEqual([`label ${PREPULL_NODE_LABEL}`, `annotation ${SCALE_DOWN_DISABLED}`]);
  });

  it("the scale-down-disabled annotation alone is someone else's: it is neither reported nor removed", () => {
    const { changes, warnings } = planCordon([node({ annotations: { [SCALE_DOWN_DISABLED]: 'true' } })], false, { clearRollMarks: true });
    expect(changes).toEqual([{ node: 'n1', action: 'already-uncordoned', marksRemoved: [] }]);
    expect(warnings).toEqual([]);
  });
});
