// `dextre rebalance` and the rebalance phase of `roll nodes`, through the built CLI with --json: the result,
// the exit code, the refusals, and what the simulator itself observed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RebalanceResult } from '../../src/core/rebalance/result.js';
import type { RollResult } from '../../src/core/result.js';
import { assertBuilt, cli, cliAsync, fixture, json, type ErrorJson } from './cli.js';

beforeAll(assertBuilt);

const SKEWED = ['rebalance', '--sim', fixture('skewed.yaml')];

describe('dextre rebalance --sim skewed.yaml --yes --json', () => {
  let run: ReturnType<typeof cli>;
  let result: RebalanceResult;

  beforeAll(() => {
    run = cli([...SKEWED, '--yes', '--json', '--speed', 'max']);
    result = json<RebalanceResult>(run);
  });

  it('succeeds (exit 0) with every workload within its maxSkew and no PDB violation', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(result.outcome).toBe('succeeded');
    expect(result.simulation?.pdbViolations).toBe(0);
    expect(result.evictions).toBeGreaterThan(0);
    expect(result.simulation?.evictions).toBe(result.evictions);
    for (const w of result.workloads) expect(w.after, `${w.namespace}/${w.name}`).toBeLessThanOrEqual(w.maxSkew);
  });

  it('carries per workload its name, namespace, maxSkew and the skew before and after, the moves, the zones per group', () => {
    const storefront = result.workloads.find((w) => w.name === 'storefront');
    expect(storefront).toMatchObject({ kind: 'Deployment', namespace: 'shop', maxSkew: 1, maxSkewFrom: 'topologySpreadConstraints', before: 6, after: 0, moves: 4 });
    expect(result.workloads.find((w) => w.name === 'image-resizer')).toMatchObject({ maxSkew: 2, before: 4, after: 2 });
    expect(result.moves.every((m) => ['done', 'skipped'].includes(m.status))).toBe(true);
    expect(result.moves.find((m) => m.reason === 'hot-node')).toMatchObject({ from: { node: 'ip-10-0-2-10.eu-west-1.compute.internal' }, status: 'done', asPlanned: true });
    expect(result.groups).toEqual([expect.objectContaining({ name: 'skewed-general', zones: { 'eu-west-1a': 3, 'eu-west-1b': 2, 'eu-west-1c': 1 }, imbalance: 2 })]);
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'group-zone-imbalance', flag: '--fix-zones' }));
    expect(result.utilisation.before.hot).toBe(1);
    expect(result.utilisation.after.hot).toBe(0);
  });

  it('reports progress on stderr, one line per stage, move and cordon', () => {
    expect(run.stderr).toMatch(/^\[\+\d+s\] rebalance moving: /m);
    expect(run.stderr).toMatch(/^\[\+\d+s\] move m1 shop\/storefront-\S+ \(\S+ → eu-west-1\w\) done: landed on /m);
    expect(run.stderr).toMatch(/^\[\+\d+s\] node \S+ cordoned while a pod moves$/m);
    expect(run.stderr).toMatch(/^\[\+\d+s\] rebalance finished: succeeded$/m);
  });
});

describe('dextre rebalance: plan, text, refusals', () => {
  it('--dry-run plans (exit 0), asks nothing, writes no journal', () => {
    const run = cli([...SKEWED, '--dry-run', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const plan = json<RebalanceResult>(run);
    expect(plan.outcome).toBe('planned');
    expect(plan.moves.every((m) => m.status === 'planned')).toBe(true);
    expect(plan.evictions).toBe(plan.moves.length);
    expect(plan.simulation).toBeUndefined();
    expect(existsSync(join(run.cwd, '.dextre'))).toBe(false);
  });

  it('a balanced cluster: nothing to do (exit 0)', () => {
    const run = cli(['rebalance', '--cluster', 'demo', '--yes', '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(json<RebalanceResult>(run)).toMatchObject({ outcome: 'nothing-to-do', evictions: 0, moves: [] });
  });

  it('refuses at once without --yes when there is no terminal (exit 2)', () => {
    const run = cli(SKEWED, 15_000);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('refusing to rebalance without confirmation; pass --yes');
    expect(run.stdout).toBe('');
  });

  it.each([
    { flag: '--max-evictions', value: '-1' },
    { flag: '--max-evictions-per-node', value: 'two' },
    { flag: '--utilisation-threshold', value: '150%' },
    { flag: '--move-timeout', value: '0s' },
  ])('$flag $value is a usage error naming the flag (exit 2), before the cluster is read', ({ flag, value }) => {
    const run = cli(['rebalance', '--sim', '/nonexistent.yaml', flag, value, '--yes', '--json']);
    expect(run.status).toBe(2);
    const body = json<ErrorJson>(run);
    expect(body.error.code).toBe('USAGE');
    expect(body.error.message).toContain(flag);
  });

  it('prints the plan as tables without --json', () => {
    const run = cli([...SKEWED, '--dry-run']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Rebalance plan for skewed: \d+ pods to move; every workload within its maxSkew after; nothing was changed\./);
    expect(run.stdout).toMatch(/^ {2}WORKLOAD +KIND +MAXSKEW +BEFORE +AFTER +MOVED$/m);
    expect(run.stdout).toMatch(/^ {2}shop\/storefront +Deployment +1 +6 \(6\/0\/0\) +0 \(2\/2\/2\) +4$/m);
    expect(run.stdout).toMatch(/^ {2}ID +POD +FROM +TO ZONE +WHY +SKEW +STATUS$/m);
    expect(run.stdout).toContain('fix: roll those nodes');
  });
});

describe('roll nodes runs rebalance as its last phase', () => {
  it('after a roll that succeeded: `rebalance` in the result; --no-rebalance leaves it out', async () => {
    const base = ['roll', 'nodes', '--cluster', 'demo', '--yes', '--json', '--speed', 'max'];
    const [withRun, withoutRun] = await Promise.all([cliAsync(base), cliAsync([...base, '--no-rebalance'])]);
    expect(withRun.status, withRun.stderr).toBe(0);
    expect(withoutRun.status, withoutRun.stderr).toBe(0);
    const [rolled, plain] = [json<RollResult>(withRun), json<RollResult>(withoutRun)];
    expect(rolled.outcome).toBe('succeeded');
    expect(rolled.rebalance).toBeDefined();
    expect(['succeeded', 'nothing-to-do']).toContain(rolled.rebalance?.outcome);
    expect(rolled.rebalance?.simulation?.pdbViolations ?? 0).toBe(0);
    expect(withRun.stderr).toMatch(/^\[\+\d+s\] rebalance finished: /m);
    // The roll itself is the same either way.
    expect(plain.rebalance).toBeUndefined();
    expect(plain.nodes).toEqual(rolled.nodes);
    expect(plain.simulation).toEqual(rolled.simulation);
  });

  it('not after a roll that failed', () => {
    const run = cli(['roll', 'nodes', '--sim', fixture('pdb-never.yaml'), '--yes', '--json', '--speed', 'max']);
    expect(run.status).toBe(3);
    expect(json<RollResult>(run).rebalance).toBeUndefined();
  });
});
