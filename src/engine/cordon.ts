// `dextre cordon` and `uncordon`: find every node first (an unknown name changes nothing), decide per node
// (core/cordon.ts), then write only what differs, recording a node Event for each change as a roll does.
import { planCordon } from '../core/cordon.js';
import { pickNodes, type NodeRequest } from '../core/drain-nodes.js';
import type { CordonResult } from '../core/drain-result.js';
import type { KubeCluster } from '../kube/port.js';
import { nodeEventFor, recordNodeEvent } from './node-events.js';

export interface CordonRequest {
  nodes: NodeRequest;
  /** true: cordon; false: uncordon. */
  unschedulable: boolean;
  /** Uncordon also removes dextre's roll marks (the soft taint, a replacement's label and annotation). */
  clearRollMarks: boolean;
  dryRun: boolean;
}

export async function runCordon(kube: KubeCluster, cluster: string, request: CordonRequest): Promise<CordonResult> {
  const nodes = pickNodes(await kube.listNodes(), request.nodes, cluster);
  const plan = planCordon(nodes, request.unschedulable, { clearRollMarks: request.clearRollMarks });
  const command = request.unschedulable ? 'cordon' : 'uncordon';
  const results: CordonResult['nodes'] = [];
  // One node after another: the first failure stops the command with the nodes before it done, as kubectl's.
  for (const change of plan.changes) {
    const write = change.patch !== undefined && !request.dryRun;
    if (write && change.patch) {
      await kube.patchNode(change.node, change.patch);
      if (change.action === 'cordoned' || change.action === 'uncordoned') {
        const event = nodeEventFor({ type: 'node', at: 0, node: change.node, group: '', status: change.action }, { command });
        if (event) recordNodeEvent(kube, event);
      }
    }
    results.push({ name: change.node, action: change.action, changed: write, marksRemoved: change.marksRemoved });
  }
  return {
    outcome: results.length === 0 ? 'nothing-to-do' : request.dryRun ? 'planned' : 'succeeded',
    cluster,
    dryRun: request.dryRun,
    nodes: results,
    blockers: [],
    warnings: plan.warnings,
  };
}
