// cluster-autoscaler scale-down, held to its documented behaviour: a node below the utilisation
// threshold for scale-down-unneeded-time is drained (through evictions) and removed with decrement,
// unless annotated scale-down-disabled, or holding a pod CA will not move, or the group is at min.
import { describe, expect, it } from 'vitest';
import { advance, cluster, settle } from './helpers.js';

const CA = 'clusterAutoscaler: {enabled: true, utilizationThreshold: 0.5, unneededSeconds: 600}';
/** One small pod per node: every node is far below 50% requested. */
const light = `{kind: Deployment, namespace: app, name: web, replicas: 3, images: ["web:1"], requests: {cpu: 100m, memory: 128Mi}, startupSeconds: 5, topologySpread: {maxSkew: 1, whenUnsatisfiable: DoNotSchedule}}`;
/** Enough to keep every node above 50% of CPU. */
const heavy = `{kind: Deployment, namespace: app, name: heavy, replicas: 3, images: ["web:1"], requests: {cpu: 1200m, memory: 128Mi}, startupSeconds: 5}`;

async function desired(sim: ReturnType<typeof cluster>): Promise<number> {
  return (await sim.cloud.describeGroups({ cluster: 'test' }))[0]!.desired;
}

describe('cluster-autoscaler scale-down', () => {
  it('removes an underutilised node after unneededSeconds, through evictions, with decrement', async () => {
    const sim = cluster({ min: 1, workloads: [`{kind: Deployment, namespace: app, name: web, replicas: 1, images: ["web:1"], requests: {cpu: 100m, memory: 128Mi}, startupSeconds: 5}`], extra: CA });
    await advance(sim, 599);
    expect(await desired(sim)).toBe(3);
    await advance(sim, 1);
    expect(sim.actions().filter((a) => a.verb === 'ClusterAutoscalerScaleDown')).toHaveLength(2);
    await settle(sim);
    expect(await desired(sim)).toBe(1);
    expect(sim.report()).toMatchObject({ lostPods: 0, pdbViolations: 0, unreadyControllerPods: 0 });
  });

  it('leaves a node annotated scale-down-disabled alone', async () => {
    const sim = cluster({ nodes: [1, 0, 0], min: 0, extra: CA });
    const [node] = await sim.kube.listNodes();
    await sim.kube.patchNode(node!.name, { annotations: { 'cluster-autoscaler.kubernetes.io/scale-down-disabled': 'true' } });
    await settle(sim);
    expect(await desired(sim)).toBe(1);
    expect(await sim.clock.idle(Promise.resolve())).toBe(false); // disarmed: nothing left scheduled
    // removing the annotation arms it again
    await sim.kube.patchNode(node!.name, { annotations: { 'cluster-autoscaler.kubernetes.io/scale-down-disabled': null } });
    await settle(sim);
    expect(await desired(sim)).toBe(0);
  });

  it('keeps well-utilised nodes and arms no timer for them', async () => {
    const sim = cluster({ workloads: [heavy], extra: CA });
    expect(await sim.clock.idle(Promise.resolve())).toBe(false);
    expect(await desired(sim)).toBe(3);
  });

  it('does not go below the group minimum', async () => {
    const sim = cluster({ min: 3, extra: CA });
    expect(await settle(sim)).toBe(0);
    expect(await desired(sim)).toBe(3);
  });

  it('does not move a bare pod', async () => {
    const sim = cluster({ nodes: [1, 0, 0], extra: CA, pods: ['{namespace: app, name: lonely, images: ["web:1"], requests: {cpu: 100m, memory: 64Mi}}'] });
    await settle(sim);
    expect(await desired(sim)).toBe(1);
  });

  it('gives up on a node when a PDB refuses an eviction, and untaints it', async () => {
    const sim = cluster({
      min: 0,
      extra: CA,
      workloads: [light],
      pdbs: ['{namespace: app, name: web, selector: {matchLabels: {app: web}}, maxUnavailable: 0}'],
    });
    await settle(sim);
    expect(await desired(sim)).toBe(3);
    for (const n of await sim.kube.listNodes()) expect(n.taints).toEqual([]);
    expect(sim.report().pdbViolations).toBe(0);
  });
});
