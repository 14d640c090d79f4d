// `dextre abort` over the wire: a roll runs in one dextre against `sim serve`; once it drains, a second
// dextre aborts it. The roll hears the stop request on its lock and exits 4; abort takes back the surplus
// replacements, and the simulated cluster ends with every group exactly at its size before the roll, the
// processes as they were, no mark of dextre on a live node, no pre-pull DaemonSet, the lock released —
// and the simulator's own report says no pod was lost and no PDB was violated.
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AbortResult } from '../../src/core/abort-result.js';
import type { RollResult, SimulationReport } from '../../src/core/result.js';
import type { RollState } from '../../src/core/roll/state.js';
import { DEMO_FIXTURE } from '../../src/sim/index.js';
import { serveSimulation, type RunningSim } from '../../src/sim/serve/server.js';
import { assertBuilt, cliAsync, json } from '../commands/cli.js';
import { scratchDir } from '../support/scratch.js';

let sim: RunningSim | undefined;
beforeAll(() => assertBuilt());
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function awsEnv(s: RunningSim): NodeJS.ProcessEnv {
  return { AWS_ENDPOINT_URL: s.info.aws ?? '', AWS_REGION: s.info.region, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
}

async function journal(s: RunningSim): Promise<RollState | undefined> {
  const response = await fetch(`${s.info.kubernetes}/api/v1/namespaces/kube-system/configmaps/dextre-journal`);
  if (response.status === 404) return undefined;
  const cm = (await response.json()) as { data?: Record<string, string> };
  return (JSON.parse(cm.data?.['state.json'] ?? '{}') as { state?: RollState }).state;
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('dextre abort against sim serve', () => {
  it('stops a running roll mid-drain and restores every group exactly', async () => {
    // Slow enough (20 virtual s per real s) that the roll is still draining when the stop request is heard.
    const s = await serve(20);
    const before = groups(s);
    const args = ['--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--json'];
    const rolling = cliAsync(['roll', 'nodes', ...args, '--yes', '--no-rebalance'], undefined, awsEnv(s), 240_000);
    await until(async () => Object.values((await journal(s))?.nodes ?? {}).some((n) => n.status === 'draining'), 120_000);

    const aborted = await cliAsync(['abort', ...args], undefined, awsEnv(s), 240_000);
    const rolled = await rolling;
    expect(json<RollResult>(rolled).outcome, rolled.stderr).toBe('interrupted');
    expect(rolled.status).toBe(4);
    const result = json<AbortResult>(aborted);
    expect(result.outcome, aborted.stderr).toBe('succeeded');
    expect(aborted.status).toBe(0);
    expect(result.found).toBe('running');
    expect(result.stopped).toMatch(/\/\d+$/);

    expect(groups(s)).toEqual(before);
    await expectCleanCluster(s);
    expect((await journal(s))?.abort).toMatchObject({ restored: true });
  }, 300_000);

  it('Ctrl-C (SIGTERM) mid-drain: exit 4, marks removed, lock released; the next roll adopts what was left and restores exactly', async () => {
    const s = await serve(20);
    const before = groups(s);
    const args = ['roll', 'nodes', '--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--yes', '--json', '--no-rebalance'];
    const stopped = cliAsync(args, undefined, awsEnv(s), 240_000);
    await until(async () => Object.values((await journal(s))?.nodes ?? {}).some((n) => n.status === 'draining'), 120_000);
    const pid = (await lockHolder(s))?.split('/').at(-1);
    expect(pid).toMatch(/^\d+$/);
    process.kill(Number(pid), 'SIGTERM');
    const first = await stopped;
    expect(first.status, first.stderr).toBe(4);
    expect(json<RollResult>(first).outcome).toBe('interrupted');
    await expectCleanCluster(s);
    // Desired may stay above (never lowered blindly); min and max are back.
    for (const [name, g] of groups(s)) {
      expect(g.desired).toBeGreaterThanOrEqual(before.get(name)?.desired ?? 0);
      expect([g.min, g.max]).toEqual([before.get(name)?.min, before.get(name)?.max]);
    }
    expect((await journal(s))?.outcome).toBe('interrupted');

    const second = await cliAsync(args, undefined, awsEnv(s), 240_000);
    const result = json<RollResult>(second);
    expect(result.outcome, second.stderr).toBe('succeeded');
    for (const [name, g] of groups(s)) {
      const was = before.get(name);
      expect([g.min, g.max, g.desired], name).toEqual([was?.min, was?.max, was?.desired]);
      // AZRebalance may stay suspended when the zones ended uneven — only with the warning that says so.
      const left = g.suspended.filter((p) => !was?.suspended.includes(p));
      if (left.length > 0) {
        expect(left).toEqual(['AZRebalance']);
        expect(result.warnings.some((w) => w.startsWith(`group ${name}: AZRebalance left suspended`))).toBe(true);
      }
    }
    await expectCleanCluster(s);
  }, 400_000);
});

async function serve(speed: number): Promise<RunningSim> {
  const kubeconfig = join(scratchDir('dextre-e2e-abort-'), 'kubeconfig');
  sim = await serveSimulation({ fixture: DEMO_FIXTURE, name: 'lab', port: 0, speed, kubeconfig, cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 });
  return sim;
}

function groups(s: RunningSim): Map<string, { min: number; max: number; desired: number; suspended: string[] }> {
  return new Map([...s.ctx.world.groups.values()].map((g) => [g.name, { min: g.min, max: g.max, desired: g.desired, suspended: [...g.suspended].sort() }]));
}

async function lockHolder(s: RunningSim): Promise<string | undefined> {
  const response = await fetch(`${s.info.kubernetes}/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/dextre-lock`);
  return response.status === 200 ? ((await response.json()) as { spec?: { holderIdentity?: string } }).spec?.holderIdentity : undefined;
}

/** No mark of dextre on a live node, no pre-pull DaemonSet, the lock released, and the simulator saw no harm. */
async function expectCleanCluster(s: RunningSim): Promise<void> {
  for (const { node, instanceId } of s.ctx.world.nodes.values()) {
    const live = instanceId !== undefined && s.ctx.world.instances.get(instanceId)?.lifecycle === 'InService';
    if (!live) continue;
    expect(node.unschedulable, node.name).toBe(false);
    expect(node.taints.filter((t) => t.key.startsWith('dextre.io/')), node.name).toEqual([]);
    expect(Object.keys(node.labels).filter((k) => k.startsWith('dextre.io/')), node.name).toEqual([]);
    expect(node.annotations['cluster-autoscaler.kubernetes.io/scale-down-disabled'], node.name).toBeUndefined();
  }
  expect([...s.ctx.world.workloads.keys()].some((k) => k.includes('dextre-prepull'))).toBe(false);
  const report = (await (await fetch(`${s.info.kubernetes}/sim/v1/report`)).json()) as SimulationReport;
  expect(report).toMatchObject({ pdbViolations: 0, lostPods: 0 });
  expect(await lockHolder(s)).toBeUndefined();
}
