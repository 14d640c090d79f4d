// The ready-capacity curve as SVG: a step line of the Ready, schedulable CPU against the start (100% dashed),
// on the timeline's time axis. Pure.
import type { CapacityPoint } from '../../core/prediction.js';
import { axisMarks, CHART_WIDTH, LABEL_WIDTH, round, timeAxis } from './axis.js';
import { h, type Html } from './html.js';

const TOP = 10;
const HEIGHT = 180;

export function capacitySvg(curve: readonly CapacityPoint[], seconds: number): Html {
  const axis = timeAxis(Math.max(seconds, ...curve.map((p) => p.at)));
  const highest = Math.max(1, ...curve.map((p) => p.ratio));
  const top = Math.ceil(highest * 10) / 10;
  const bottom = TOP + HEIGHT;
  const y = (ratio: number) => round(bottom - (ratio / top) * HEIGHT);
  let d = '';
  curve.forEach((p, i) => {
    const x = round(axis.x(p.at));
    d += i === 0 ? `M${x} ${y(p.ratio)}` : `H${x}V${y(p.ratio)}`;
  });
  if (curve.length > 0) d += `H${round(axis.x(axis.end))}`;
  const levels = [0, 0.5, 1, top].filter((v, i, all) => all.indexOf(v) === i && v <= top);
  return h(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', class: 'capacity', viewBox: `0 0 ${CHART_WIDTH} ${bottom + 24}`, width: CHART_WIDTH, height: bottom + 24, role: 'img', 'aria-label': 'Ready capacity over time' },
    axisMarks(axis, TOP, bottom),
    levels.map((v) => h('text', { class: 'tick', x: LABEL_WIDTH - 8, y: y(v) + 4, 'text-anchor': 'end' }, `${Math.round(v * 100)}%`)),
    h('line', { class: 'baseline', x1: LABEL_WIDTH, y1: y(1), x2: round(axis.x(axis.end)), y2: y(1) }),
    d ? h('path', { class: 'curve', d }) : null,
  );
}
