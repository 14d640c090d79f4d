// `plan --report FILE.html`: one self-contained page (inline CSS, inline SVG, no script, nothing loaded from
// the network) with the verdict, the blockers and warnings with their remedies, the predicted timeline and
// ready-capacity curve when the roll was rehearsed, and the plan. Pure: a function of the plan and the result.
import type { RollPlan } from '../../core/plan.js';
import type { RollResult } from '../../core/result.js';
import { count } from '../text.js';
import { h, renderChildren, trusted } from './html.js';
import { findingsSection, groupsSection, nodesSection, prepullSection } from './plan-sections.js';
import { predictionSections } from './prediction-sections.js';
import { STYLE } from './style.js';

export interface ReportInput {
  plan: RollPlan;
  /** The plan's result (with `prediction` and `simulation` when rehearsed). */
  result: RollResult;
  prepull: boolean;
}

export function renderReport({ plan, result, prepull }: ReportInput): string {
  const prediction = result.prediction;
  const blocked = result.blockers.length > 0;
  const verdict = plan.nodes.length === 0 ? 'nothing to do' : blocked ? `blocked by ${count(result.blockers.length, 'blocker')}` : 'ready to roll';
  const when = new Date(result.startedAt * 1000).toISOString();
  const body = h(
    'body',
    {},
    h('h1', {}, `dextre plan — cluster ${plan.cluster}`),
    h(
      'p',
      { class: 'meta' },
      h('span', { class: `verdict ${blocked ? 'blocked' : 'ok'}` }, verdict),
      ` · ${count(plan.nodes.length, 'node')} to replace in ${count(plan.groups.length, 'group')} · planned at ${when}`,
    ),
    findingsSection(plan.findings, prediction?.blockers ?? []),
    prediction
      ? predictionSections(prediction, result.simulation)
      : h('p', { class: 'muted' }, plan.blockers.length > 0 ? 'Not rehearsed: the roll would not start while the plan has blockers.' : 'Not rehearsed: run `dextre plan --simulate --report FILE.html` for a predicted timeline.'),
    groupsSection(plan),
    nodesSection(plan),
    prepullSection(plan, prepull),
  );
  const head = h('head', {}, h('meta', { charset: 'utf-8' }), h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), h('title', {}, `dextre plan — ${plan.cluster}`), h('style', {}, trusted(STYLE)));
  return `<!DOCTYPE html>\n${renderChildren([h('html', { lang: 'en' }, head, body)])}\n`;
}
