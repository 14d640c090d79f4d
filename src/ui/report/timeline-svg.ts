// The predicted timeline as SVG: a row per node (its name, then its phases as coloured bars, each with a
// tooltip), a time axis in seconds from the start, and a legend. Pure.
import { TIMELINE_PHASES, type NodeTimeline } from '../../core/prediction.js';
import { axisMarks, CHART_WIDTH, LABEL_WIDTH, round, timeAxis } from './axis.js';
import { h, type Html } from './html.js';
import { PHASE_COLOURS } from './style.js';

const ROW = 22;
const BAR = 14;
const TOP = 8;

export function timelineSvg(rows: readonly NodeTimeline[], seconds: number): Html {
  const last = Math.max(seconds, ...rows.flatMap((r) => r.phases.map((p) => p.end)));
  const axis = timeAxis(last);
  const bottom = TOP + rows.length * ROW + 4;
  const body = rows.map((row, i) => {
    const y = TOP + i * ROW;
    const title = row.replacement ? `${row.node} (${row.group}, ${row.zone}), replaced by ${row.replacement}` : `${row.node} (${row.group}, ${row.zone})`;
    const bars = row.phases.map((p) => {
      const x = axis.x(p.start);
      const width = Math.max(1, axis.x(p.end) - x);
      return h(
        'rect',
        {
          class: `phase phase-${p.phase}${p.unfinished ? ' unfinished' : ''}`,
          'data-phase': p.phase,
          x: round(x),
          y: y + (ROW - BAR) / 2,
          width: round(width),
          height: BAR,
          fill: PHASE_COLOURS[p.phase],
          'fill-opacity': p.unfinished ? 0.45 : undefined,
        },
        h('title', {}, `${row.node} ${p.phase}: ${p.start}s → ${p.end}s (${round(p.end - p.start)}s)${p.unfinished ? ', unfinished when the roll stopped' : ''}`),
      );
    });
    const empty = row.phases.length === 0 ? h('text', { class: 'tick', x: LABEL_WIDTH + 4, y: y + ROW / 2 + 4 }, 'not reached in the rehearsal') : null;
    return h(
      'g',
      { class: 'row', 'data-node': row.node },
      h('text', { class: 'label', x: LABEL_WIDTH - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end' }, h('title', {}, title), row.node),
      bars,
      empty,
    );
  });
  const height = bottom + 24;
  return h(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', class: 'timeline', viewBox: `0 0 ${CHART_WIDTH} ${height}`, width: CHART_WIDTH, height, role: 'img', 'aria-label': 'Predicted timeline, one row per node' },
    axisMarks(axis, TOP, bottom),
    body,
  );
}

/** The phase colours, named and explained. */
export function timelineLegend(): Html {
  const meaning = {
    surge: 'surge: launch asked → new node registered',
    ready: 'ready: registered → Ready',
    prepull: 'prepull: Ready → images pulled',
    drain: 'drain: old node cordoned → drained',
    terminate: 'terminate: terminate asked → node gone',
  } as const;
  return h(
    'div',
    { class: 'legend' },
    TIMELINE_PHASES.map((p) => h('span', { class: `legend-${p}`, style: `--c: ${PHASE_COLOURS[p]}` }, meaning[p])),
  );
}
