// One roll per cluster, through the real adapters against `sim serve`: the roll holds the Lease
// kube-system/dextre-lock; a second dextre finds it held and exits 5 without changing anything; a lock
// whose holder stopped renewing it is taken over with a warning; of two rolls started together, exactly one runs.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { loadKubeConfig } from '../../src/kube/client/kubeconfig.js';
import { LeaseLock } from '../../src/kube/client/lease.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FIXTURE } from '../../src/sim/index.js';
import { serveSimulation, type RunningSim } from '../../src/sim/serve/server.js';
import { assertBuilt, cliAsync, json, type ErrorJson } from '../commands/cli.js';
import type { RollResult } from '../../src/core/result.js';
import { scratchDir } from '../support/scratch.js';
import { awsEnv, simReport } from '../support/served.js';

let sim: RunningSim | undefined;
beforeAll(() => assertBuilt());
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function serve(): Promise<RunningSim> {
  const kubeconfig = join(scratchDir('dextre-e2e-lock-'), 'kubeconfig');
  sim = await serveSimulation({ fixture: DEMO_FIXTURE, name: 'lab', port: 0, speed: 100, kubeconfig, cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 });
  return sim;
}

async function otherHolder(s: RunningSim, lastRenewedSecondsAgo: number): Promise<LeaseLock> {
  const { kc } = await loadKubeConfig({ kubeconfig: s.info.kubeconfig, context: 'lab' });
  const lock = new LeaseLock(kc, { now: () => Date.now() / 1000 - lastRenewedSecondsAgo });
  await lock.acquire({ holder: 'ci-runner-7/4242', ttlSeconds: 60 });
  return lock;
}

describe('the roll lock', () => {
  it('a roll of a cluster whose lock is held exits 5, naming the holder, and changes nothing', async () => {
    const s = await serve();
    await otherHolder(s, 0);
    const before = s.ctx.world.actions.length;
    const run = await cliAsync(['roll', 'nodes', '--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--yes', '--json'], undefined, awsEnv(s), 60_000);
    expect(run.status, run.stderr).toBe(5);
    const error = json<ErrorJson>(run).error;
    expect(error.code).toBe('LOCKED');
    expect(error.message).toContain('ci-runner-7/4242');
    expect(s.ctx.world.actions.slice(before).filter((a) => /^[a-z]/.test(a.verb))).toEqual([]);
  }, 90_000);

  it('two rolls started together: exactly one runs and succeeds, the other exits 5 naming it as the holder', async () => {
    const s = await serve();
    const args = ['roll', 'nodes', '--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--yes', '--json'];
    const runs = await Promise.all([cliAsync(args, undefined, awsEnv(s), 100_000), cliAsync(args, undefined, awsEnv(s), 100_000)]);
    const [winner, loser] = runs[0].status === 0 ? runs : [runs[1], runs[0]];
    expect(runs.map((r) => r.status).sort(), runs.map((r) => r.stderr).join('\n')).toEqual([0, 5]);
    expect(json<RollResult>(winner).outcome).toBe('succeeded');
    const error = json<ErrorJson>(loser).error;
    expect(error.code).toBe('LOCKED');
    expect(error.message).toContain(`held by ${hostname()}/${winner.pid}`);
    expect(await simReport(s)).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0 });
  }, 120_000);

  it('a lock not renewed within its TTL is taken over with a warning, and released at the end', async () => {
    const s = await serve();
    await otherHolder(s, 3600);
    const node = [...s.ctx.world.nodes.keys()].sort()[0] ?? '';
    const run = await cliAsync(['roll', 'nodes', '--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '-l', `kubernetes.io/hostname=${node}`, '--yes', '--json'], undefined, awsEnv(s), 90_000);
    const result = json<RollResult>(run);
    expect(result.outcome, run.stderr).toBe('succeeded');
    expect(result.warnings.some((w) => w.includes('Took over the lock') && w.includes('ci-runner-7/4242'))).toBe(true);
    const lease = await fetch(`${s.info.kubernetes}/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/dextre-lock`);
    expect(lease.status).toBe(404);
  }, 120_000);
});
