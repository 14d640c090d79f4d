import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RollResult } from '../../src/core/result.js';
import { assertBuilt, cli, cliAsync, json } from './cli.js';

beforeAll(assertBuilt);

describe('dextre plan --cluster demo', () => {
  let plan: RollResult;
  let planRun: Awaited<ReturnType<typeof cliAsync>>;
  let rolled: RollResult;

  beforeAll(async () => {
    const [p, r] = await Promise.all([
      cliAsync(['plan', '--cluster', 'demo', '--json']),
      cliAsync(['roll', 'nodes', '--cluster', 'demo', '--yes', '--json', '--speed', 'max']),
    ]);
    expect(p.status, p.stderr).toBe(0);
    expect(r.status, r.stderr).toBe(0);
    planRun = p;
    plan = json(p);
    rolled = json(r);
  }, 120_000);

  it('ends planned, every node with its reasons and nothing done', () => {
    expect(plan.outcome).toBe('planned');
    expect(plan.cluster).toBe('demo');
    expect(plan.nodes.length).toBeGreaterThanOrEqual(12);
    for (const node of plan.nodes) {
      expect(node.action, node.name).toBe('planned');
      expect(node.reasons.length, node.name).toBeGreaterThan(0);
      for (const reason of node.reasons) expect(reason.message, node.name).not.toBe('');
      expect(node.replacement).toBeNull();
      expect(node.evictedPods).toBe(0);
    }
  });

  it('lists exactly the nodes a roll replaces (every outdated node)', () => {
    expect(rolled.simulation?.outdatedNodesRemaining).toBe(0);
    const replaced = rolled.nodes.filter((n) => n.action === 'replaced').map((n) => n.name);
    expect(plan.nodes.map((n) => n.name).sort()).toEqual(replaced.sort());
  });

  it('changes nothing: groups as they are, no journal, images listed for pre-pull', () => {
    for (const g of plan.groups) {
      expect(g.after).toEqual(g.before);
      expect(g.suspendedProcessesAfter).toEqual(g.suspendedProcessesBefore);
    }
    expect(plan.prepull.length).toBeGreaterThan(0);
    expect(existsSync(join(planRun.cwd, '.dextre'))).toBe(false);
    expect(planRun.stderr).toBe('');
  });

  it('prints the plan as text without --json', () => {
    const run = cli(['plan', '--cluster', 'demo']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Cluster demo: replace \d+ nodes in \d+ groups/);
    expect(run.stdout).toContain('Nodes, in planned order');
    expect(run.stdout).toContain('Images to pre-pull:');
    for (const node of plan.nodes) expect(run.stdout).toContain(node.name);
  });
});
