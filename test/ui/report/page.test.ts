// The HTML report, rendered in process: escaping by construction, self-contained, and the sections it
// promises (a timeline row per node with its phases, the capacity curve, blockers with remedies, the plan).
import { describe, expect, it } from 'vitest';
import type { Prediction } from '../../../src/core/prediction.js';
import { escapeHtml, h, renderChildren, trusted } from '../../../src/ui/report/html.js';
import { renderReport } from '../../../src/ui/report/page.js';
import { timeAxis, tickLabel } from '../../../src/ui/report/axis.js';
import { samplePlan, sampleResult, simulation } from '../builders.js';

const evil = '<img src=x onerror=alert(1)>"\'&';

const prediction: Prediction = {
  seconds: 300,
  outcome: 'succeeded',
  timeline: [
    {
      node: 'ip-10-0-1-1',
      group: 'workers-a',
      zone: 'eu-west-1a',
      replacement: 'ip-10-0-9-9',
      phases: [
        { phase: 'surge', start: 0, end: 60 },
        { phase: 'ready', start: 60, end: 75 },
        { phase: 'prepull', start: 75, end: 90 },
        { phase: 'drain', start: 90, end: 150 },
        { phase: 'terminate', start: 150, end: 180 },
      ],
    },
    { node: evil, group: 'workers-a', zone: 'eu-west-1b', replacement: null, phases: [{ phase: 'drain', start: 200, end: 300, unfinished: true }] },
  ],
  pdbHolds: [{ pdb: `shop/${evil}`, seconds: 40, longestSeconds: 30, pods: 2, refusals: 5 }],
  peakExtraInstances: 1,
  readyCapacity: [
    { at: 0, ratio: 1 },
    { at: 75, ratio: 1.5 },
    { at: 180, ratio: 1 },
  ],
  blockers: [],
};

describe('the HTML builder', () => {
  it.each([
    ['<b>', '&#60;b&#62;'],
    ['a & b', 'a &#38; b'],
    [`"'`, '&#34;&#39;'],
    ['plain', 'plain'],
  ])('escapes %j as %j', (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
  });

  it('escapes every string child and attribute, and passes only trusted markup through', () => {
    const html = renderChildren([h('p', { title: evil, hidden: true, skip: undefined }, evil, 3, null, [evil], trusted('<i>ok</i>'))]);
    expect(html).toBe(
      `<p title="${escapeHtml(evil)}" hidden>${escapeHtml(evil)}3${escapeHtml(evil)}<i>ok</i></p>`,
    );
  });
});

describe('the time axis', () => {
  it.each([
    [300, 30, 300],
    [865, 120, 960],
    [7, 1, 7],
    [0, 1, 1],
    [5000, 600, 5400],
  ])('spans %i s with ticks every %i s up to %i s', (seconds, step, end) => {
    const axis = timeAxis(seconds);
    expect([axis.step, axis.end]).toStrictEqual([step, end]);
    expect(axis.x(axis.end)).toBeGreaterThan(axis.x(0));
  });

  it.each([
    [30, '30s'],
    [120, '2m'],
    [3600, '1h'],
    [5400, '1h30m'],
    [90, '90s'],
  ])('labels %i s as %s', (seconds, label) => {
    expect(tickLabel(seconds)).toBe(label);
  });
});

describe('renderReport', () => {
  const plan = samplePlan({
    blockers: [{ kind: 'unreplicated-pod', message: `cannot delete ${evil}`, remedy: 'run it under a controller', flag: '--force', pod: `app/${evil}` }],
    findings: [
      { severity: 'blocker', kind: 'unreplicated-pod', message: `cannot delete ${evil}`, remedy: 'run it under a controller', flag: '--force', pod: `app/${evil}` },
      { severity: 'warning', kind: 'single-zone', message: 'group workers-a has a single zone', remedy: 'add zones', group: 'workers-a' },
    ],
  });
  const result = { ...sampleResult({ outcome: 'planned', blockers: plan.blockers }), simulation, prediction };
  const html = renderReport({ plan, result, prepull: true });

  it('never lets a string from the cluster become markup', () => {
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(evil));
  });

  it('is one self-contained page: no script, no stylesheet link, nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>')).toBe(true);
    expect(html).not.toMatch(/<(?:script|link)\b|\s(?:src|href)="|@import|url\(/i);
  });

  it('draws a row per node with a bar per phase, a legend and an axis, and the capacity curve', () => {
    expect(html).toContain('<g class="row" data-node="ip-10-0-1-1">');
    expect(html).toContain(`<g class="row" data-node="${escapeHtml(evil)}">`);
    expect(html.match(/<rect class="phase /g)).toHaveLength(6);
    expect(html).toContain('class="phase phase-drain unfinished"');
    for (const phase of ['surge', 'ready', 'prepull', 'drain', 'terminate']) expect(html).toContain(`class="legend-${phase}"`);
    expect(html).toContain('>5m</text>');
    expect(html).toMatch(/<path class="curve" d="M300 [\d.]+H[\d.]+V[\d.]+H[\d.]+V[\d.]+H[\d.]+"/);
  });

  it('lists the blockers with their fix and flag, the warnings, the PDB holds, the invariants and the plan', () => {
    expect(html).toContain('blocked by 1 blocker');
    expect(html).toContain('<b>Fix: </b>run it under a controller — flag <code>--force</code>');
    expect(html).toContain('add zones');
    expect(html).toContain('PodDisruptionBudgets that held the roll');
    expect(html).toContain('Invariants (observed by the simulator)');
    expect(html).toContain('Nodes in roll order (2)');
    expect(html).toContain('registry/shop/web:3.4');
  });

  it('without a rehearsal shows the plan and says how to get a timeline', () => {
    const plain = renderReport({ plan: samplePlan(), result: sampleResult({ outcome: 'planned' }), prepull: false });
    expect(plain).not.toContain('<svg');
    expect(plain).toContain('run `dextre plan --simulate --report FILE.html`');
    expect(plain).toContain('ready to roll');
    expect(plain).toContain('Pre-pull is off');
  });
});
