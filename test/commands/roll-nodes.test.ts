import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RollResult } from '../../src/core/result.js';
import { assertBuilt, cli, cliAsync, fixture, json } from './cli.js';

beforeAll(assertBuilt);

const DEMO = ['roll', 'nodes', '--cluster', 'demo', '--yes', '--json', '--speed', 'max'];

describe('dextre roll nodes --cluster demo --yes --json', () => {
  let first: RollResult;
  let second: RollResult;
  let noPrepull: RollResult;

  beforeAll(async () => {
    const runs = await Promise.all([cliAsync(DEMO), cliAsync(DEMO), cliAsync([...DEMO, '--no-prepull'])]);
    for (const run of runs) expect(run.status, run.stderr).toBe(0);
    [first, second, noPrepull] = runs.map((r) => json(r)) as [RollResult, RollResult, RollResult];
  }, 180_000);

  it('succeeds, replacing every outdated node', () => {
    expect(first.outcome).toBe('succeeded');
    expect(first.cluster).toBe('demo');
    expect(first.nodes.length).toBeGreaterThanOrEqual(12);
    for (const node of first.nodes) {
      expect(node.action, node.name).toBe('replaced');
      expect(node.reasons.length, node.name).toBeGreaterThan(0);
      expect(node.replacement?.name, node.name).toBeTruthy();
    }
    expect(first.blockers).toEqual([]);
  });

  it('keeps the invariants, as the simulator observed them', () => {
    const s = first.simulation;
    expect(s).toBeDefined();
    expect(s?.pdbViolations).toBe(0);
    expect(s?.lostPods).toBe(0);
    expect(s?.minReadyCapacityRatio).toBeGreaterThanOrEqual(1);
    expect(s?.outdatedNodesRemaining).toBe(0);
    expect(s?.unreadyControllerPods).toBe(0);
  });

  it('restores every group: sizes and suspended processes as before', () => {
    expect(first.groups.length).toBeGreaterThanOrEqual(2);
    for (const g of first.groups) {
      expect(g.after, g.name).toEqual(g.before);
      expect(g.suspendedProcessesAfter, g.name).toEqual(g.suspendedProcessesBefore);
    }
  });

  it('is deterministic: two runs take the same virtual time and do the same', () => {
    expect(second.simulation?.virtualSeconds).toBe(first.simulation?.virtualSeconds);
    expect(second).toEqual(first);
  });

  it('without pre-pull, moved pods start clearly slower (registry congestion)', () => {
    expect(noPrepull.outcome).toBe('succeeded');
    expect(noPrepull.prepull).toEqual([]);
    const withP95 = first.simulation?.movedPodStartupSeconds.p95 ?? Number.NaN;
    const withoutP95 = noPrepull.simulation?.movedPodStartupSeconds.p95 ?? Number.NaN;
    expect(withoutP95).toBeGreaterThan(withP95 * 1.25);
  });
});

describe('dextre roll nodes, refusals and blocks', () => {
  it('refuses at once without --yes when there is no terminal (exit 2)', () => {
    const run = cli(['roll', 'nodes', '--cluster', 'demo'], 15_000);
    expect(run.status).toBe(2);
    expect(run.millis).toBeLessThan(10_000);
    expect(run.stderr).toContain('refusing to roll without confirmation; pass --yes');
    expect(run.stdout).toBe('');
  });

  it('gives the same refusal as JSON under --json', () => {
    const run = cli(['roll', 'nodes', '--cluster', 'demo', '--json'], 15_000);
    expect(run.status).toBe(2);
    expect(json(run)).toMatchObject({ error: { code: 'NO_TTY' }, exitCode: 2 });
  });

  it('stops as blocked (exit 3) naming the PDB that never allows a disruption, and violates nothing', () => {
    const run = cli(['roll', 'nodes', '--sim', fixture('pdb-never.yaml'), '--yes', '--json', '--speed', 'max']);
    expect(run.status, run.stderr).toBe(3);
    const result = json(run);
    expect(result.outcome).toBe('failed');
    const pdbBlockers = result.blockers.filter((b) => b.pdb !== undefined);
    expect(pdbBlockers.length).toBeGreaterThan(0);
    const pdb = pdbBlockers[0]?.pdb ?? '';
    expect(pdbBlockers[0]?.message).toContain(pdb.split('/').at(-1));
    expect(result.error?.message).toContain(pdb.split('/').at(-1));
    expect(result.simulation?.pdbViolations ?? 0).toBe(0);
    for (const node of result.nodes) expect(node.action).not.toBe('replaced');
  });

  it('SIGTERM (or Ctrl-C) mid-roll stops it cleanly: outcome interrupted, exit 4, the result still on stdout', async () => {
    let sent = false;
    const run = await cliAsync(['roll', 'nodes', '--cluster', 'demo', '--yes', '--json', '--speed', '100'], (stderr, signal) => {
      if (!sent && /replaced by/.test(stderr)) {
        sent = true;
        signal('SIGTERM');
      }
    });
    expect(sent).toBe(true);
    expect(run.status, run.stderr).toBe(4);
    expect(run.stderr).toContain('SIGTERM: stopping the roll');
    const result = json(run);
    expect(result.outcome).toBe('interrupted');
    expect(result.nodes.some((n) => n.action === 'replaced')).toBe(true);
    expect(result.nodes.some((n) => n.action !== 'replaced')).toBe(true);
    expect(result.simulation?.pdbViolations).toBe(0);
    expect(result.simulation?.lostPods).toBe(0);
  });

  it('--dry-run is the plan: outcome planned, nothing asked, no journal written', () => {
    const run = cli(['roll', 'nodes', '--cluster', 'demo', '--dry-run', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const result = json(run);
    expect(result.outcome).toBe('planned');
    expect(result.nodes.every((n) => n.action === 'planned')).toBe(true);
    expect(existsSync(join(run.cwd, '.dextre'))).toBe(false);
  });

  it('without --json prints the summary on stdout and timestamped progress lines on stderr', () => {
    const run = cli(['roll', 'nodes', '--cluster', 'demo', '--yes', '--speed', 'max']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Roll of demo succeeded: \d+ nodes replaced/);
    expect(run.stdout).toContain('PDB violations');
    expect(run.stderr).toMatch(/^\[\+\d+s\] phase rolling: /m);
    expect(run.stderr).toMatch(/^\[\+\d+s\] node \S+ draining$/m);
    expect(run.stderr).toMatch(/^\[\+\d+s\] node \S+ replaced by \S+$/m);
    expect(run.stderr).toMatch(/^\[\+\d+s\] roll succeeded$/m);
    expect(existsSync(join(run.cwd, '.dextre', 'demo.journal.json'))).toBe(false);
  });
});

describe('--log-format json', () => {
  it('roll nodes: every progress line on stderr is one JSON object with time, level, event, node, group and message', async () => {
    const run = await cliAsync([...DEMO, '--log-format', 'json']);
    expect(json<RollResult>(run).outcome, run.stderr).toBe('succeeded');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(30);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const r of records) {
      expect(Object.keys(r)).toEqual(['time', 'level', 'event', 'node', 'group', 'message']);
      expect(new Date(String(r['time'])).toISOString()).toBe(r['time']);
      expect(['info', 'warning', 'error']).toContain(r['level']);
      expect(typeof r['message']).toBe('string');
    }
    expect(records.filter((r) => r['event'] === 'node' && r['node'] !== null && r['group'] !== null).length).toBeGreaterThan(0);
    expect(records.at(-1)).toMatchObject({ event: 'finished', message: 'roll succeeded' });
  });

  it('drain, rebalance and abort take it too; anything but text or json is a usage error', () => {
    const drain = cli(['drain', '--cluster', 'demo', '--selector', 'topology.kubernetes.io/zone=eu-west-1a', '--yes', '--json', '--log-format', 'json']);
    expect(drain.status, drain.stderr).toBe(0);
    for (const line of drain.stderr.trimEnd().split('\n')) expect(Object.keys(JSON.parse(line) as object)).toContain('message');
    const rebalance = cli(['rebalance', '--sim', fixture('skewed.yaml'), '--yes', '--json', '--speed', 'max', '--log-format', 'json']);
    expect(rebalance.status, rebalance.stderr).toBe(0);
    for (const line of rebalance.stderr.trimEnd().split('\n')) expect(Object.keys(JSON.parse(line) as object)).toContain('event');
    expect(cli(['abort', '--help']).stdout).toContain('--log-format');
    const bad = cli(['roll', 'nodes', '--cluster', 'demo', '--log-format', 'xml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--log-format');
  });
});
