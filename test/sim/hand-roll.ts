// A roll driven by hand through the ports, one node at a time: the shape of what dextre does (surge,
// soft-taint, cordon, evict with retry on 429, wait until gone, terminate with decrement, restore),
// without the engine. It exercises the simulator the way a roll does and gives tests a fixed script.
import { instanceIdOf } from '../../src/core/model.js';
import type { Simulation } from '../../src/sim/index.js';
import { advance, until } from './helpers.js';

/**
 * `resume: false` leaves AZRebalance suspended at the end: a one-by-one surge cannot choose the zone
 * AWS launches into, so the zones may end imbalanced, and AZRebalance would then terminate instances
 * with their pods (asg.test.ts shows it).
 */
export async function handRoll(sim: Simulation, opts: { resume?: boolean } = {}): Promise<void> {
  const cluster = sim.clusterName;
  for (const g of await sim.cloud.describeGroups({ cluster })) {
    await sim.cloud.suspendProcesses(g.name, ['AZRebalance']);
    const old = new Set(g.instances.map((i) => i.id));
    const oldNodes = (await sim.kube.listNodes()).filter((n) => old.has(instanceIdOf(n.providerId) ?? ''));
    for (const n of oldNodes) await sim.kube.patchNode(n.name, { addTaints: [{ key: 'dextre.io/outdated', effect: 'PreferNoSchedule' }] });
    const remaining = new Map(oldNodes.map((n) => [n.name, n.labels['topology.kubernetes.io/zone'] ?? '']));
    while (remaining.size > 0) {
      const [before] = await sim.cloud.describeGroups({ cluster, names: [g.name] });
      const known = new Set(before!.instances.map((i) => i.id));
      await sim.cloud.setGroupSize(g.name, { min: before!.min, max: Math.max(before!.max, before!.desired + 1), desired: before!.desired + 1 });
      let zone = '';
      await until(sim, async () => {
        const [now] = await sim.cloud.describeGroups({ cluster, names: [g.name] });
        const fresh = now!.instances.find((i) => !known.has(i.id));
        zone = fresh?.zone ?? '';
        return fresh !== undefined && (await sim.kube.listNodes()).some((n) => n.ready && instanceIdOf(n.providerId) === fresh.id);
      });
      // Drain where the replacement landed, so the zones stay balanced (else AZRebalance has work).
      const name = [...remaining].find(([, z]) => z === zone)?.[0] ?? [...remaining.keys()][0]!;
      remaining.delete(name);
      await sim.kube.patchNode(name, { unschedulable: true });
      for (const pod of await sim.kube.listPods({ nodeName: name })) {
        if (pod.owner?.kind === 'DaemonSet') continue;
        for (;;) {
          const outcome = await sim.kube.evictPod(pod.namespace, pod.name);
          if (outcome.result === 'evicted' || outcome.result === 'not-found') break;
          await advance(sim, 5);
        }
        await until(sim, async () => (await sim.kube.getPod(pod.namespace, pod.name))?.uid !== pod.uid);
      }
      const node = oldNodes.find((n) => n.name === name);
      await sim.cloud.terminateInstance(instanceIdOf(node!.providerId) ?? '');
    }
    if (opts.resume !== false) await sim.cloud.resumeProcesses(g.name, ['AZRebalance']);
  }
}
