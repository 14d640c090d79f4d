// `dextre plan` through the built CLI on blocked.yaml: every blocker with its remedy, the warnings with
// theirs, exit 3 — and flags checked before anything is read.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BlockerKind } from '../../src/core/plan.js';
import type { RollResult } from '../../src/core/result.js';
import { scratchDir } from '../support/scratch.js';
import { assertBuilt, cli, cliAsync, fixture, json, type ErrorJson } from './cli.js';

beforeAll(assertBuilt);

describe('dextre plan --sim fixtures/clusters/blocked.yaml', () => {
  let result: RollResult;
  let status: number | null;

  beforeAll(async () => {
    const run = await cliAsync(['plan', '--sim', fixture('blocked.yaml'), '--json']);
    status = run.status;
    result = json(run);
  }, 60_000);

  it('exits 3 (blocked) with the plan as its result', () => {
    expect(status).toBe(3);
    expect(result.outcome).toBe('planned');
  });

  it.each<[BlockerKind, string | undefined]>([
    ['pdb-never-allows', undefined],
    ['multiple-pdbs', undefined],
    ['unreplicated-pod', '--force'],
    ['emptydir-pod', '--delete-emptydir-data'],
    ['do-not-disrupt', '--disregard-do-not-disrupt'],
    ['pod-fits-nowhere', undefined],
  ])('lists the %s blocker with what blocks, its remedy and the flag %s', (kind, flag) => {
    const found = result.blockers.filter((b) => b.kind === kind);
    expect(found).toHaveLength(1);
    const [b] = found;
    expect(b?.message).not.toBe('');
    expect(b?.remedy.length).toBeGreaterThan(20);
    expect(b?.flag).toBe(flag);
    expect(b?.pod ?? b?.pdb).toMatch(/^app\//);
  });

  it('names the pods and budgets: the pinned pod, the two PDBs of one pod, the budget that never allows', () => {
    const by = (kind: BlockerKind) => result.blockers.find((b) => b.kind === kind);
    expect(by('pod-fits-nowhere')?.pod).toMatch(/^app\/pinned-/);
    expect(by('pod-fits-nowhere')?.message).toContain('no node matches its nodeSelector kubernetes.io/hostname=');
    expect(by('multiple-pdbs')?.message).toContain('(app/frontend, app/search)');
    expect(by('pdb-never-allows')?.pdb).toBe('app/ledger');
    expect(by('unreplicated-pod')?.pod).toBe('app/debug-shell');
  });

  it('gives the warnings with their remedies: a group at max and by how much, a single-zone group', () => {
    const warnings = (result.findings ?? []).filter((f) => f.severity === 'warning');
    expect(warnings.map((w) => w.kind).sort()).toStrictEqual(['group-at-max', 'single-zone']);
    for (const w of warnings) expect(w.remedy, w.kind).toBeDefined();
    expect(warnings.find((w) => w.kind === 'group-at-max')?.message).toContain('raises max by 1 to 4');
    expect(result.warnings).toStrictEqual(warnings.map((w) => w.message));
    expect(result.groups.find((g) => g.name === 'blocked-nodes')?.capacity).toMatchObject({ peakInstances: 4, raisesMaxBy: 1, zones: 3 });
    expect(result.nodes.every((n) => n.order !== undefined)).toBe(true);
  });

  it('exits 3 in text too, each blocker followed by its fix', () => {
    const run = cli(['plan', '--sim', fixture('blocked.yaml')]);
    expect(run.status, run.stderr).toBe(3);
    expect(run.stdout).toContain('(blocked by 6 blockers)');
    expect(run.stdout.match(/^ {4}fix: /gm)?.length).toBe(6 + 2);
  });

  it('with --simulate does not rehearse a roll that would not start', () => {
    const run = cli(['plan', '--sim', fixture('blocked.yaml'), '--simulate', '--json']);
    expect(run.status, run.stderr).toBe(3);
    const r = json(run);
    expect(r.prediction).toBeUndefined();
    expect(r.blockers).toHaveLength(6);
  });
});

describe('plan flags are checked before the cluster is read', () => {
  it('refuses --report in a directory that does not exist (exit 2), writing nothing', () => {
    const dir = scratchDir('plan-report-');
    const path = join(dir, 'missing', 'plan.html');
    const run = cli(['plan', '--cluster', 'demo', '--report', path, '--json']);
    expect(run.status).toBe(2);
    expect(json<ErrorJson>(run).error.code).toBe('USAGE');
    expect(json<ErrorJson>(run).error.message).toContain('does not exist');
    expect(existsSync(path)).toBe(false);
  });
});
