// `dextre plan --simulate` through the built CLI: the predicted duration is the actual simulated roll's
// (`roll nodes --sim F --yes`) within 5%, every node has a timeline, the invariants come along, the same
// command predicts the same twice, and --report writes the page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RollResult } from '../../src/core/result.js';
import { scratchDir } from '../support/scratch.js';
import { assertBuilt, cliAsync, fixture, json } from './cli.js';

beforeAll(assertBuilt);

describe.each([
  ['demo.yaml', []],
  ['pdb-shared.yaml', ['--surge', '2']],
])('plan --simulate on %s %j', (file, extra) => {
  let predicted: RollResult;
  let again: RollResult;
  let rolled: RollResult;

  beforeAll(async () => {
    const plan = ['plan', '--sim', fixture(file), '--simulate', '--json', ...extra];
    const [p, q, r] = await Promise.all([cliAsync(plan), cliAsync(plan), cliAsync(['roll', 'nodes', '--sim', fixture(file), '--yes', '--json', '--speed', 'max', ...extra])]);
    expect(p.status, p.stderr).toBe(0);
    expect(r.status, r.stderr).toBe(0);
    predicted = json(p);
    again = json(q);
    rolled = json(r);
  }, 120_000);

  it('predicts the duration of the actual roll within 5%', () => {
    const actual = rolled.simulation?.virtualSeconds ?? 0;
    const seconds = predicted.prediction?.seconds ?? -1;
    expect(actual).toBeGreaterThan(0);
    expect(Math.abs(seconds - actual) / actual).toBeLessThanOrEqual(0.05);
  });

  it('is still a plan: nothing changed, outcome planned, with the rehearsal’s invariants', () => {
    expect(predicted.outcome).toBe('planned');
    expect(predicted.nodes.every((n) => n.action === 'planned')).toBe(true);
    expect(predicted.simulation).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0, unreadyControllerPods: 0 });
    expect(predicted.prediction?.outcome).toBe('succeeded');
  });

  it('gives a timeline row for every node of the plan, each with its phases', () => {
    const rows = predicted.prediction?.timeline ?? [];
    expect(rows.map((r) => r.node).sort()).toStrictEqual(predicted.nodes.map((n) => n.name).sort());
    for (const row of rows) {
      expect(row.phases.map((p) => p.phase), row.node).toStrictEqual(['surge', 'ready', 'prepull', 'drain', 'terminate']);
      for (const p of row.phases) expect(typeof p.start === 'number' && typeof p.end === 'number').toBe(true);
    }
    expect(rolled.nodes.map((n) => n.name).sort()).toStrictEqual(rows.map((r) => r.node).sort());
  });

  it('predicts the same twice', () => {
    expect(again.prediction).toStrictEqual(predicted.prediction);
  });
});

describe('plan --simulate --report', () => {
  it('writes one self-contained page with a timeline row for every node, and says where on stderr', async () => {
    const dir = scratchDir('plan-report-');
    const path = join(dir, 'plan.html');
    const run = await cliAsync(['plan', '--cluster', 'demo', '--simulate', '--report', path, '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Report written to ${path}`);
    const result = json(run);
    const html = readFileSync(path, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const node of result.nodes) expect(html).toContain(`<g class="row" data-node="${node.name}">`);
    expect(html).toContain('class="capacity"');
    expect(html).not.toMatch(/<(?:script|link)\b|\s(?:src|href)="|@import|url\(/i);
  }, 60_000);
});
