// Replacements: a new Ready node of a rolled group is protected (cluster-autoscaler must not remove it
// while it is still empty), labelled so its group's pre-pull DaemonSets land on it, and counts as warm
// capacity once its images are pulled. Only warm capacity lets an old node be cordoned.
import { PREPULL_NODE_LABEL, prepullLabelValue } from '../prepull.js';
import { protectReplacementPatch } from './marks.js';
import { launchProgressed, pairWarm } from './pipeline.js';
import type { ReplacementState } from './state.js';
import type { Step } from './step.js';

export function nodeReady(step: Step, group: string, node: string, instanceId: string, zone: string): void {
  const { s } = step;
  const g = s.groups[group];
  const known = s.replacements[node];
  if (known) {
    known.ready = true;
    return;
  }
  if (!g || g.existingNodes.includes(node) || s.nodes[node] !== undefined) return;
  if (s.phase !== 'protecting' && s.phase !== 'rolling') return;
  s.replacements[node] = { name: node, group, zone, instanceId, status: 'protecting', ready: true, unprotected: false };
  s.replacementOrder.push(node);
  launchProgressed(step, g);
  step.issue({
    type: 'PatchNode',
    key: `protect:${node}`,
    node,
    purpose: 'protect-replacement',
    patch: protectReplacementPatch(s.rollId, group),
  });
}

export function nodeNotReady(step: Step, node: string): void {
  const r = step.s.replacements[node];
  if (!r || !r.ready || r.status === 'deleted') return;
  r.ready = false;
  step.warn(`replacement node ${node} turned NotReady; it counts as capacity again once it is Ready`);
}

export function replacementProtected(step: Step, r: ReplacementState): void {
  const { s } = step;
  if (r.status !== 'protecting') return;
  // Only the DaemonSets that select this replacement: its group's. A group with none is warm at once.
  const label = prepullLabelValue(s.rollId, r.group);
  const daemonSets = s.prepull.manifests
    .filter((m) => m.spec.template.spec.nodeSelector[PREPULL_NODE_LABEL] === label)
    .map((m) => ({ namespace: m.metadata.namespace, name: m.metadata.name }));
  if (!s.settings.prepull || daemonSets.length === 0) {
    warm(step, r);
    return;
  }
  r.status = 'prepulling';
  step.issue({ type: 'AwaitPrepull', key: `prepull:${r.name}`, node: r.name, daemonSets });
  step.timer(`prepull-timeout:${r.name}`, s.now + s.settings.prepullTimeoutSeconds);
}

export function prepullFinished(step: Step, r: ReplacementState, failures: { image: string; reason: string }[]): void {
  if (r.status !== 'prepulling') return;
  for (const f of failures) {
    step.warn(`pre-pull of ${f.image} failed on ${r.name} (${f.reason})`);
    step.s.unpullable[f.image] ??= f.reason;
  }
  step.cancel(`prepull-timeout:${r.name}`);
  warm(step, r);
}

export function prepullTimedOut(step: Step, r: ReplacementState): void {
  if (r.status !== 'prepulling') return;
  step.warn(
    `pre-pull on ${r.name} did not finish within ${step.s.settings.prepullTimeoutSeconds}s; the roll goes on and moved pods pull what is missing`,
  );
  step.cancel(`prepull:${r.name}`);
  warm(step, r);
}

function warm(step: Step, r: ReplacementState): void {
  const { s } = step;
  r.status = 'warm';
  const g = s.groups[r.group];
  if (g) g.toeDipDone = true;
  pairWarm(s, r.name);
}
