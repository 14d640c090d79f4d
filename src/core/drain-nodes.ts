// What `dextre drain`, `cordon` and `uncordon` act on, and what a drain would do there, decided before
// anything changes: the nodes named (every one must exist) or selected by label; per node, the filter
// chain's decision for each pod (drain-plan.ts) narrowed by --pod-selector; the PDB preflight; and for
// --terminate, each node's Auto Scaling group and whether the group may lose it. Pure.
import { decidePod, compareText, type FilterContext } from './filters.js';
import { planDrain, podsMatching } from './drain-plan.js';
import { DextreError } from './errors.js';
import { instanceIdOf, podKey, ZONE_LABEL, type Node, type NodeGroup, type Pdb, type Pod } from './model.js';
import type { Blocker } from './plan.js';
import { pdbPreflight, unhealthyPods } from './preflight.js';
import { matchesSelector, parseSelector } from './selectors.js';

/** Nodes by name (kubectl's NODE arguments) or by label selector (`-l`); exactly one of the two. */
export interface NodeRequest {
  names: string[];
  selector?: string;
}

/**
 * The nodes a request names, in the order named (or, for a selector, by name). A name that is not a node
 * of the cluster is an error before anything changes: bad input never changes the cluster.
 */
export function pickNodes(nodes: readonly Node[], request: NodeRequest, cluster: string): Node[] {
  if (request.selector !== undefined) {
    const selector = parseSelector(request.selector);
    return nodes.filter((n) => matchesSelector(selector, n.labels)).sort((a, b) => compareText(a.name, b.name));
  }
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const names = [...new Set(request.names)];
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    throw new DextreError(
      'USAGE',
      `${unknown.length === 1 ? 'Node' : 'Nodes'} ${unknown.join(', ')} not found in cluster ${cluster}; nothing was changed. ` +
        '`kubectl get nodes` lists the node names.',
    );
  }
  return names.map((n) => byName.get(n)).filter((n): n is Node => n !== undefined);
}

/** What the drain does with one pod: the filter chain's verdict, and why. */
export interface PodVerdict {
  pod: string;
  action: 'evict' | 'skip' | 'block';
  reason: string;
}

export interface PlannedNodeDrain {
  node: string;
  /** In eviction order: regular pods first, system-critical last. */
  evict: Pod[];
  /** Every pod on the node, in the order listed. */
  pods: PodVerdict[];
}

export interface NodeDrainsPlan {
  nodes: PlannedNodeDrain[];
  blockers: Blocker[];
  warnings: string[];
}

export interface NodeDrainsInput {
  nodes: readonly Node[];
  /** The pods bound to those nodes (others are ignored). */
  pods: readonly Pod[];
  pdbs: readonly Pdb[];
  filter: FilterContext;
  /** kubectl's --pod-selector: only matching pods are drained. */
  podSelector?: string | undefined;
}

export function planNodeDrains(input: NodeDrainsInput): NodeDrainsPlan {
  const nodes: PlannedNodeDrain[] = [];
  const blockers: Blocker[] = [];
  const warnings = new Set<string>();
  for (const node of input.nodes) {
    const onNode = input.pods.filter((p) => p.nodeName === node.name);
    const considered = new Set(podsMatching(onNode, input.podSelector));
    const plan = planDrain([...considered], input.filter);
    const skipped = new Map(plan.skipped.map((s) => [s.pod, s.reason]));
    const blocked = new Map(plan.blocked.map((p, i) => [p, plan.blockers[i]?.message ?? 'blocked']));
    const pods = onNode.map((pod): PodVerdict => {
      const key = podKey(pod);
      if (!considered.has(pod)) return { pod: key, action: 'skip', reason: `does not match --pod-selector ${input.podSelector ?? ''}` };
      const block = blocked.get(pod);
      if (block !== undefined) return { pod: key, action: 'block', reason: block };
      const skip = skipped.get(pod);
      if (skip !== undefined) return { pod: key, action: 'skip', reason: skip };
      return { pod: key, action: 'evict', reason: decidePod(pod, input.filter).reason };
    });
    nodes.push({ node: node.name, evict: plan.evict, pods });
    blockers.push(...plan.blockers);
    for (const w of plan.warnings) warnings.add(w);
  }
  const pdb = pdbPreflight(nodes.flatMap((n) => n.evict), input.pdbs, unhealthyPods(input.pods), 'on the nodes to drain');
  for (const w of pdb.warnings) warnings.add(w.message);
  return { nodes, blockers: [...blockers, ...pdb.blockers], warnings: [...warnings] };
}

export interface PlannedTermination {
  node: string;
  instanceId: string;
  group: string;
  zone: string;
}

export interface TerminationPlan {
  targets: PlannedTermination[];
  /** The groups the targets belong to, in name order. */
  groups: NodeGroup[];
  warnings: string[];
}

/**
 * For --terminate: each node's instance and group. TerminateInstanceInAutoScalingGroup decrements desired,
 * so the group does not replace the node; a group that would drop below its min is refused here, before
 * anything changes, as Auto Scaling would refuse it after the drain.
 */
export function planTerminations(nodes: readonly Node[], groups: readonly NodeGroup[], cluster: string): TerminationPlan {
  const byInstance = new Map<string, NodeGroup>();
  for (const g of groups) for (const i of g.instances) byInstance.set(i.id, g);
  const targets: PlannedTermination[] = [];
  for (const node of nodes) {
    const instanceId = instanceIdOf(node.providerId);
    const group = instanceId === undefined ? undefined : byInstance.get(instanceId);
    if (instanceId === undefined || group === undefined) {
      const what = instanceId === undefined ? `its providerID ${JSON.stringify(node.providerId)} names no EC2 instance` : `its instance ${instanceId} is in no Auto Scaling group of cluster ${cluster}`;
      throw new DextreError('USAGE', `--terminate: node ${node.name} cannot be terminated through an Auto Scaling group: ${what}. Drain it without --terminate; nothing was changed.`);
    }
    targets.push({ node: node.name, instanceId, group: group.name, zone: node.labels[ZONE_LABEL] ?? '' });
  }
  const involved = [...new Set(targets.map((t) => t.group))].sort(compareText);
  const chosen = involved.map((name) => groups.find((g) => g.name === name)).filter((g): g is NodeGroup => g !== undefined);
  const warnings: string[] = [];
  for (const g of chosen) {
    const leaving = new Set(targets.filter((t) => t.group === g.name).map((t) => t.instanceId));
    if (g.desired - leaving.size < g.min) {
      throw new DextreError(
        'USAGE',
        `--terminate: group ${g.name} would go from desired ${g.desired} to ${g.desired - leaving.size}, below its min ${g.min}; ` +
          `Auto Scaling refuses that. Lower the group's min first, or replace the nodes instead: dextre roll nodes --node NAME. Nothing was changed.`,
      );
    }
    const imbalance = zoneImbalance(g, leaving);
    if (imbalance !== undefined && !g.suspendedProcesses.includes('AZRebalance')) {
      warnings.push(
        `group ${g.name}: after the termination its zones hold ${imbalance}; once dextre resumes AZRebalance, Auto Scaling ` +
          `launches an instance in the emptiest zone and terminates one in the fullest without draining it. Terminate nodes evenly across zones, or suspend AZRebalance`,
      );
    }
  }
  return { targets, groups: chosen, warnings };
}

/** `eu-west-1a 3, eu-west-1b 1` when the group's zones would differ by more than one instance, else undefined. */
function zoneImbalance(g: NodeGroup, leaving: ReadonlySet<string>): string | undefined {
  const counts = new Map(g.zones.map((z) => [z, 0]));
  for (const i of g.instances) {
    if (i.lifecycleState === 'InService' && !leaving.has(i.id)) counts.set(i.zone, (counts.get(i.zone) ?? 0) + 1);
  }
  const values = [...counts.values()];
  if (values.length === 0 || Math.max(...values) - Math.min(...values) <= 1) return undefined;
  return [...counts.entries()].map(([z, n]) => `${z} ${n}`).join(', ');
}
