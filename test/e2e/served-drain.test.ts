// `dextre drain` over the wire: the built CLI, through the real Kubernetes adapter (client-node), drains
// a node of a StatefulSet-and-PDB cluster served by `sim serve`, with no AWS endpoint or credentials at all (a drain
// without --terminate needs none), and the simulator's own account shows what happened.
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DrainResult } from '../../src/core/drain-result.js';
import type { SimulationReport } from '../../src/core/result.js';
import { serveSimulation, type RunningSim } from '../../src/sim/serve/server.js';
import { assertBuilt, cliAsync, fixture, json } from '../commands/cli.js';
import { scratchDir } from '../support/scratch.js';

let sim: RunningSim | undefined;

beforeAll(() => assertBuilt());
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** No AWS anywhere: a drain that needed it would fail to reach it. */
const NO_AWS: NodeJS.ProcessEnv = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };

describe('dextre drain against sim serve, through the real Kubernetes adapter', () => {
  it('drains a node with a grace period: every eviction carries it, no PDB violation, the node stays cordoned with Events', async () => {
    const kubeconfig = join(scratchDir('dextre-e2e-drain-'), 'kubeconfig');
    const s = (sim = await serveSimulation({ fixture: fixture('statefulset-pdb.yaml'), name: 'lab', port: 0, speed: 100, kubeconfig, cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 }));
    const names = [...s.ctx.world.nodes.keys()].sort().slice(0, 1);
    const run = await cliAsync(['drain', ...names, '--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--grace-period', '5', '--timeout', '20m', '--json'], undefined, NO_AWS, 100_000);
    const result = json<DrainResult>(run);
    expect(result.outcome, run.stderr).toBe('succeeded');
    expect(run.status).toBe(0);
    expect(result.nodes.map((n) => [n.name, n.action])).toEqual(names.map((n) => [n, 'drained']));
    const evictions = s.ctx.world.actions.filter((a) => a.verb === 'evictPod');
    expect(evictions.length).toBe(result.nodes.reduce((sum, n) => sum + n.evictedPods, 0));
    expect(evictions.filter((a) => a.detail?.startsWith('evicted')).every((a) => a.detail === 'evicted grace=5')).toBe(true);
    // Only Kubernetes was used: nothing reached the Auto Scaling or EC2 side.
    expect(s.ctx.world.actions.filter((a) => a.port === 'cloud')).toEqual([]);
    const report = (await (await fetch(`${s.info.kubernetes}/sim/v1/report`)).json()) as SimulationReport;
    expect(report).toMatchObject({ pdbViolations: 0, lostPods: 0 });
    // Each node was cordoned once and never uncordoned; its Events tell the story.
    const patches = s.ctx.world.actions.filter((a) => a.verb === 'patchNode');
    expect(patches.map((a) => [a.target, a.detail])).toEqual(names.map((n) => [n, JSON.stringify({ unschedulable: true })]));
    for (const name of names) {
      expect(s.ctx.world.nodeEvents.filter((e) => e.node === name).map((e) => e.reason)).toEqual(['DextreCordon', 'DextreDrain', 'DextreDrained']);
      expect(s.ctx.world.nodes.get(name)?.node.unschedulable).toBe(true);
      expect([...s.ctx.world.pods.values()].filter((p) => p.pod.nodeName === name && p.pod.owner?.kind !== 'DaemonSet')).toEqual([]);
    }
    const firstEviction = s.ctx.world.actions.findIndex((a) => a.verb === 'evictPod');
    expect(s.ctx.world.actions.findLastIndex((a) => a.verb === 'patchNode')).toBeLessThan(firstEviction);
  }, 120_000);
});
