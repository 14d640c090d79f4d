// One node's line in the live view: `ip-10-0-1-5 (workers-a, us-east-1a)  draining`, and once replaced
// `… replaced → ip-10-0-2-9 (us-east-1b)`. Pure.
import type { NodeStatus } from '../engine/api.js';

export interface NodeView {
  name: string;
  group: string;
  zone: string;
  status: NodeStatus;
  replacement?: string;
  detail?: string;
}

/** `zones` maps new node names to their zone, as the replacement events announce them. */
export function nodeTitle(node: NodeView, zones: ReadonlyMap<string, string>): string {
  const head = `${node.name} (${node.group}, ${node.zone})`;
  if (node.status === 'replaced' && node.replacement !== undefined) {
    const zone = zones.get(node.replacement);
    return `${head}  replaced → ${node.replacement}${zone ? ` (${zone})` : ''}`;
  }
  return `${head}  ${node.status}${node.detail ? `: ${node.detail}` : ''}`;
}
