// The time axis the timeline and the capacity curve share: seconds from the start mapped onto the same
// horizontal span, with ticks at a round step. Pure.
import { h, type Html } from './html.js';

/** Width of the whole chart and of the label column on its left, in SVG user units (px). */
export const CHART_WIDTH = 1100;
export const LABEL_WIDTH = 300;
const RIGHT_PAD = 20;

/** Round steps for the ticks, seconds. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export interface TimeAxis {
  /** The last second shown (a whole number of steps). */
  end: number;
  step: number;
  x(seconds: number): number;
}

/** An axis from 0 to at least `seconds`, with at most about ten ticks. */
export function timeAxis(seconds: number): TimeAxis {
  const span = Math.max(1, seconds);
  const step = STEPS.find((s) => span / s <= 10) ?? Math.ceil(span / 10);
  const end = Math.max(step, Math.ceil(span / step) * step);
  const width = CHART_WIDTH - LABEL_WIDTH - RIGHT_PAD;
  return { end, step, x: (t) => LABEL_WIDTH + (Math.min(Math.max(t, 0), end) / end) * width };
}

/** `90s`, `15m`, `1h30m`: tick labels. */
export function tickLabel(seconds: number): string {
  if (seconds < 60 || seconds % 60 !== 0) return `${seconds}s`;
  const minutes = seconds / 60;
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
}

/** Vertical grid lines over `[top, bottom]` and tick labels under `bottom`. */
export function axisMarks(axis: TimeAxis, top: number, bottom: number): Html[] {
  const marks: Html[] = [h('line', { class: 'axis', x1: LABEL_WIDTH, y1: bottom, x2: axis.x(axis.end), y2: bottom })];
  for (let t = 0; t <= axis.end + 1e-9; t += axis.step) {
    const x = round(axis.x(t));
    marks.push(h('line', { class: 'grid', x1: x, y1: top, x2: x, y2: bottom }));
    marks.push(h('text', { class: 'tick', x, y: bottom + 14, 'text-anchor': 'middle' }, tickLabel(t)));
  }
  return marks;
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}
