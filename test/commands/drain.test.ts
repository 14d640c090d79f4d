// `dextre drain`, `cordon`, `uncordon` through the built CLI: the JSON result, the exit codes, stderr progress.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CordonResult, DrainResult } from '../../src/core/drain-result.js';
import type { RollResult } from '../../src/core/result.js';
import { assertBuilt, cli, cliAsync, fixture, json, type ErrorJson } from './cli.js';

const DEMO = ['--cluster', 'demo', '--speed', 'max', '--json'];
let nodes: string[] = [];

beforeAll(() => {
  assertBuilt();
  // The demo's nodes, in roll order (the plan lists every one).
  nodes = json<RollResult>(cli(['plan', '--cluster', 'demo', '--json'])).nodes.map((n) => n.name);
});

describe('dextre drain', () => {
  it('drains two nodes: exit 0, a typed result, eviction lines on stderr, only JSON on stdout', async () => {
    const run = await cliAsync(['drain', nodes[0]!, nodes[1]!, ...DEMO]);
    expect(run.status, run.stderr).toBe(0);
    const result = json<DrainResult>(run);
    expect(result).toMatchObject({ outcome: 'succeeded', cluster: 'demo', dryRun: false, terminate: false, groups: [], blockers: [] });
    expect(result.nodes.map((n) => [n.name, n.action, n.group])).toEqual([[nodes[0], 'drained', null], [nodes[1], 'drained', null]]);
    expect(result.nodes.every((n) => n.evictedPods > 0)).toBe(true);
    expect(result.simulation).toMatchObject({ pdbViolations: 0, lostPods: 0, unreadyControllerPods: 0 });
    expect(run.stderr).toMatch(/\[\+\d+s\] pod \S+ evicting/);
    expect(run.stderr).toContain(`node ${nodes[0]} drained`);
  }, 60_000);

  it('Ctrl-C: exit 4, outcome interrupted, the nodes stay cordoned', async () => {
    // At one virtual second per real second the drain lasts about a minute: the signal comes long before.
    let sent = false;
    const run = await cliAsync(['drain', nodes[0]!, nodes[1]!, '--cluster', 'demo', '--speed', '1', '--json'], (stderr, signal) => {
      if (sent || !stderr.includes(' evicting')) return;
      sent = true;
      signal('SIGINT');
    });
    expect(run.status, run.stderr).toBe(4);
    expect(run.stderr).toContain('SIGINT: stopping the drain');
    const result = json<DrainResult>(run);
    expect(result.outcome).toBe('interrupted');
    expect(result.nodes.map((n) => n.action)).toEqual(['cordoned', 'cordoned']);
  }, 60_000);

  it('--dry-run --json: the plan per pod, exit 0', () => {
    const run = cli(['drain', nodes[0]!, ...DEMO, '--dry-run']);
    expect(run.status, run.stderr).toBe(0);
    const result = json<DrainResult>(run);
    expect(result).toMatchObject({ outcome: 'planned', dryRun: true });
    const pods = result.nodes[0]?.pods ?? [];
    expect(pods.some((p) => p.action === 'evict')).toBe(true);
    expect(pods.filter((p) => p.action === 'skip').every((p) => p.reason.startsWith('DaemonSet pods stay'))).toBe(true);
  });

  it('a blocking pod: exit 3, each blocker with its remedy and flag, nothing changed', () => {
    const sim = ['--sim', fixture('unreplicated-emptydir.yaml'), '--json'];
    const planned = json<DrainResult>(cli(['drain', '-l', 'topology.kubernetes.io/zone', ...sim, '--dry-run']));
    const run = cli(['drain', ...planned.nodes.map((n) => n.name), ...sim]);
    expect(run.status).toBe(3);
    const result = json<DrainResult>(run);
    expect(result.outcome).toBe('failed');
    expect(result.error).toMatchObject({ code: 'BLOCKED', message: expect.stringContaining('Nothing was changed') });
    expect(result.blockers.map((b) => b.flag).sort()).toEqual(['--delete-emptydir-data', '--delete-emptydir-data', '--force']);
    expect(result.blockers.every((b) => b.remedy.length > 0)).toBe(true);
  });

  it.each([
    { args: ['no-such-node'], code: 'USAGE', text: 'Node no-such-node not found' },
    { args: [], code: 'USAGE', text: 'No node given' },
    { args: ['x', '-l', 'a=b'], code: 'USAGE', text: 'not both' },
    { args: ['x', '--grace-period', '1.5'], code: 'USAGE', text: '--grace-period' },
    { args: ['x', '--timeout', 'soon'], code: 'USAGE', text: '--timeout' },
    { args: ['x', '--pod-selector', 'a b'], code: 'USAGE', text: '--pod-selector "a b" is not a valid label selector' },
    { args: ['x', '--terminate'], code: 'NO_TTY', text: 'pass --yes to terminate unattended' },
  ])('$args → exit 2 ($code)', ({ args, code, text }) => {
    const run = cli(['drain', ...args, ...DEMO]);
    expect(run.status).toBe(2);
    const error = json<ErrorJson>(run);
    expect(error).toMatchObject({ exitCode: 2, error: { code, message: expect.stringContaining(text) } });
  });

  it('--terminate --yes: drained, terminated, the group one smaller and not refilled', () => {
    const run = cli(['drain', nodes[0]!, ...DEMO, '--terminate', '--yes', '--grace-period', '0']);
    expect(run.status, run.stderr).toBe(0);
    const result = json<DrainResult>(run);
    expect(result.nodes).toEqual([expect.objectContaining({ name: nodes[0], action: 'terminated', group: expect.any(String) })]);
    const [group] = result.groups;
    expect(group?.after.desired).toBe((group?.before.desired ?? 0) - 1);
    expect(group?.suspendedProcessesAfter).toEqual(group?.suspendedProcessesBefore);
    expect(result.simulation).toMatchObject({ lostPods: 0, pdbViolations: 0, maxExtraInstances: 0 });
  });

  it('--help says what --terminate does to the group and where to go to replace a node', () => {
    const run = cli(['drain', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('does NOT replace');
    expect(run.stdout).toContain('dextre roll nodes --node NAME');
  });
});

describe('dextre cordon / uncordon', () => {
  it('cordon --json: per node what changed; uncordon of a schedulable node writes nothing', () => {
    const cordon = cli(['cordon', nodes[0]!, nodes[1]!, ...DEMO]);
    expect(cordon.status, cordon.stderr).toBe(0);
    expect(json<CordonResult>(cordon)).toMatchObject({ outcome: 'succeeded', nodes: [{ name: nodes[0], action: 'cordoned', changed: true }, { name: nodes[1], action: 'cordoned', changed: true }] });
    const uncordon = cli(['uncordon', nodes[0]!, ...DEMO]);
    expect(uncordon.status).toBe(0);
    expect(json<CordonResult>(uncordon).nodes).toEqual([{ name: nodes[0], action: 'already-uncordoned', changed: false, marksRemoved: [] }]);
  });

  it('an unknown node: exit 2, nothing changed', () => {
    const run = cli(['cordon', nodes[0]!, 'nope', ...DEMO]);
    expect(run.status).toBe(2);
    expect(json<ErrorJson>(run).error.code).toBe('USAGE');
  });
});
