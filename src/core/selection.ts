// Which nodes a roll considers: those whose instance (by `spec.providerID`) belongs to a group being
// rolled, narrowed by `--selector`, plus the nodes named with `--node`. Everything else is skipped with why.
import { DextreError } from './errors.js';
import { compareText } from './filters.js';
import { instanceIdOf, type ClusterView, type GroupInstance, type Node, type NodeGroup } from './model.js';
import type { RollOptions, SkippedNode } from './plan.js';
import { matchesSelector, parseSelector } from './selectors.js';

export interface Candidate {
  node: Node;
  group: NodeGroup;
  instance: GroupInstance;
  /** Named with `--node`: replaced even when up to date, whatever `--selector` says. */
  named: boolean;
}

export interface Selection {
  /** The groups being rolled, in name order. */
  groups: NodeGroup[];
  /** In node name order. */
  candidates: Candidate[];
  skipped: SkippedNode[];
}

type Options = Pick<RollOptions, 'groups' | 'nodes' | 'selector' | 'onlyNamed'>;

export function selectNodes(view: ClusterView, options: Options): Selection {
  const groups = consideredGroups(view.groups, options.groups);
  const rolled = new Set(groups.map((g) => g.name));
  const byInstance = new Map<string, { group: NodeGroup; instance: GroupInstance }>();
  for (const group of view.groups) for (const instance of group.instances) byInstance.set(instance.id, { group, instance });
  const named = namedNodes(view, options.nodes);
  const selector = options.selector !== undefined ? parseSelector(options.selector) : undefined;

  const candidates: Candidate[] = [];
  const skipped: SkippedNode[] = [];
  const nodes = [...view.nodes].sort((a, b) => compareText(a.name, b.name));
  for (const node of nodes) {
    const isNamed = named.has(node.name);
    const instanceId = instanceIdOf(node.providerId);
    const member = instanceId !== undefined ? byInstance.get(instanceId) : undefined;
    let reason: string | undefined;
    if (instanceId === undefined) reason = `providerID ${JSON.stringify(node.providerId)} is not an AWS EC2 instance`;
    else if (!member) reason = `instance ${instanceId} is in no Auto Scaling group of cluster ${view.name}`;
    else if (!rolled.has(member.group.name)) reason = `group ${member.group.name} is not part of this roll (--group)`;
    else if (member.instance.lifecycleState !== 'InService') {
      reason = `instance ${instanceId} is ${member.instance.lifecycleState}; the group is already replacing it`;
    } else if (options.onlyNamed === true && !isNamed) {
      reason = 'not named (only the nodes named are replaced)';
    } else if (selector && !isNamed && !matchesSelector(selector, node.labels)) {
      reason = `labels do not match --selector ${options.selector ?? ''}`;
    }
    if (reason === undefined && member) {
      candidates.push({ node, group: member.group, instance: member.instance, named: isNamed });
    } else if (isNamed) {
      // The user asked for this node by name: leaving it silently would make the plan lie.
      throw new DextreError('USAGE', `--node ${node.name} cannot be replaced: ${reason ?? 'unknown'}. Leave it out, or roll its group.`);
    } else {
      skipped.push({ name: node.name, reason: reason ?? 'unknown' });
    }
  }
  return { groups, candidates, skipped };
}

function consideredGroups(all: readonly NodeGroup[], names: readonly string[]): NodeGroup[] {
  const sorted = [...all].sort((a, b) => compareText(a.name, b.name));
  if (names.length === 0) return sorted;
  const byName = new Map(sorted.map((g) => [g.name, g]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    const known = sorted.length > 0 ? sorted.map((g) => g.name).join(', ') : '(none)';
    throw new DextreError(
      'USAGE',
      `${plural(unknown.length, 'Auto Scaling group')} ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not part of this cluster. ` +
        `The cluster's groups: ${known}.`,
    );
  }
  const wanted = new Set(names);
  return sorted.filter((g) => wanted.has(g.name));
}

function namedNodes(view: ClusterView, names: readonly string[]): Set<string> {
  if (names.length === 0) return new Set();
  const existing = new Set(view.nodes.map((n) => n.name));
  const unknown = names.filter((n) => !existing.has(n));
  if (unknown.length > 0) {
    throw new DextreError(
      'USAGE',
      `--node ${unknown.join(', ')}: no such ${unknown.length === 1 ? 'node' : 'nodes'} in cluster ${view.name}. ` +
        '`kubectl get nodes` lists the node names.',
    );
  }
  return new Set(names);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
