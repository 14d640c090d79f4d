// The filter chain applied to a set of pods: what to evict (in order), what stays, what blocks (as
// Blockers with a remedy), and the override warnings grouped by message as kubectl prints them.
// The planner's preflight runs it over every node to replace; the drain runs it per node.
import { assertNever } from './errors.js';
import { compareText, decidePod, evictionOrder, type FilterContext, type PodDecision } from './filters.js';
import { podKey, type Pod } from './model.js';
import type { Blocker, BlockerKind } from './plan.js';
import { matchesSelector, parseSelector } from './selectors.js';

export interface DrainPlan {
  /** Pods to evict (or, when already terminating, to wait for), regular before system-critical. */
  evict: Pod[];
  /** Pods left in place, with why, in input order. */
  skipped: { pod: Pod; reason: string }[];
  /** Pods the chain blocked, in input order. */
  blocked: Pod[];
  /** One per blocked pod, in the same order. */
  blockers: Blocker[];
  /** `deleting Pods that declare no controller (…): ns/a, ns/b`, one per message, sorted. */
  warnings: string[];
}

/** What to do about each blocker kind the filter chain raises, for the plan and the failure message. */
const REMEDIES: Partial<Record<BlockerKind, string>> = {
  'do-not-disrupt':
    'wait until the workload may be disrupted and remove the annotation, or pass --disregard-do-not-disrupt to evict it anyway',
  'unreplicated-pod':
    'run the pod under a controller (Deployment, StatefulSet, Job) or delete it yourself; --force evicts it and nothing recreates it',
  'emptydir-pod': 'keep the data on a persistent volume, or pass --delete-emptydir-data when losing the emptyDir data is fine',
};

/** The Blocker for a pod the chain blocked. */
export function blockerFor(pod: Pod, decision: Extract<PodDecision, { action: 'block' }>): Blocker {
  return {
    kind: decision.kind,
    message: decision.reason,
    remedy: REMEDIES[decision.kind] ?? `pass ${decision.flag} to override`,
    flag: decision.flag,
    ...(pod.nodeName !== undefined ? { node: pod.nodeName } : {}),
    pod: podKey(pod),
  };
}

export function planDrain(pods: readonly Pod[], ctx: FilterContext): DrainPlan {
  const evict: Pod[] = [];
  const skipped: DrainPlan['skipped'] = [];
  const blocked: Pod[] = [];
  const blockers: Blocker[] = [];
  const warned = new Map<string, string[]>();
  for (const pod of pods) {
    const decision = decidePod(pod, ctx);
    switch (decision.action) {
      case 'evict':
        evict.push(pod);
        for (const w of decision.warnings) {
          const names = warned.get(w);
          if (names) names.push(podKey(pod));
          else warned.set(w, [podKey(pod)]);
        }
        break;
      case 'skip':
        skipped.push({ pod, reason: decision.reason });
        break;
      case 'block':
        blocked.push(pod);
        blockers.push(blockerFor(pod, decision));
        break;
      default:
        assertNever(decision);
    }
  }
  const warnings = [...warned.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([message, names]) => `${message}: ${names.sort(compareText).join(', ')}`);
  return { evict: evictionOrder(evict), skipped, blocked, blockers, warnings };
}

/**
 * The pods a drain considers: all, or those matching `podSelector` (kubectl form), as `kubectl drain
 * --pod-selector` lists only those: the others stay on the node and never block.
 */
export function podsMatching<P extends Pick<Pod, 'labels'>>(pods: readonly P[], podSelector: string | undefined): P[] {
  if (podSelector === undefined) return [...pods];
  const selector = parseSelector(podSelector);
  return pods.filter((p) => matchesSelector(selector, p.labels));
}
