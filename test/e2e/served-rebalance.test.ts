// `dextre rebalance` end to end over the wire: the built CLI, through its real Kubernetes and AWS adapters,
// rebalances skewed.yaml served by `sim serve`; a second `rebalance --dry-run` right after plans no eviction.
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RebalanceResult } from '../../src/core/rebalance/result.js';
import type { SimulationReport } from '../../src/core/result.js';
import { serveSimulation, type RunningSim } from '../../src/sim/serve/server.js';
import { assertBuilt, cliAsync, fixture, json } from '../commands/cli.js';
import { scratchDir } from '../support/scratch.js';
import { awsEnv } from '../support/served.js';

let sim: RunningSim | undefined;

beforeAll(() => assertBuilt());
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('dextre rebalance against sim serve, through the real adapters', () => {
  it('reaches every maxSkew with no PDB violation; a second rebalance --dry-run plans no eviction', async () => {
    const kubeconfig = join(scratchDir('dextre-e2e-rebalance-'), 'kubeconfig');
    sim = await serveSimulation({ fixture: fixture('skewed.yaml'), name: 'lab', port: 0, speed: 100, kubeconfig, cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 });
    const s = sim;
    const target = ['--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--json'];
    const first = await cliAsync(['rebalance', ...target, '--yes'], undefined, awsEnv(s), 100_000);
    const result = json<RebalanceResult>(first);
    expect(result.outcome, first.stderr).toBe('succeeded');
    expect(first.status).toBe(0);
    expect(result.evictions).toBeGreaterThan(0);
    for (const w of result.workloads) expect(w.after, `${w.namespace}/${w.name}`).toBeLessThanOrEqual(w.maxSkew);
    const report = (await (await fetch(`${s.info.kubernetes}/sim/v1/report`)).json()) as SimulationReport;
    expect(report).toMatchObject({ pdbViolations: 0, lostPods: 0, unreadyControllerPods: 0 });
    expect(report.evictions).toBe(result.evictions);
    // Every cordon lifted, annotation included, and the journal cleared.
    for (const sn of s.ctx.world.nodes.values()) {
      expect(sn.node.unschedulable, sn.node.name).toBe(false);
      expect(Object.keys(sn.node.annotations)).not.toContain('dextre.io/rebalance-cordon');
    }
    const journal = await fetch(`${s.info.kubernetes}/api/v1/namespaces/kube-system/configmaps/dextre-rebalance-journal`);
    expect(journal.status).toBe(404);

    const second = await cliAsync(['rebalance', ...target, '--dry-run'], undefined, awsEnv(s), 60_000);
    const plan = json<RebalanceResult>(second);
    expect(second.status, second.stderr).toBe(0);
    expect(plan.moves).toEqual([]);
    expect(plan.evictions).toBe(0);
  }, 150_000);
});
