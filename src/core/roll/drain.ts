// Draining old nodes: the filter chain decides which pods move; evictions go through the Eviction API
// one pod per workload at a time, regular pods before system-critical ones, and the next pod of a
// workload goes only once the previous one is gone and its workload serves again.
import { workloadKey, type Pod, type PodRef } from '../model.js';
import type { Blocker } from '../plan.js';
import { planDrain, podsMatching } from '../drain-plan.js';
import { controllerExistsIn, isSystemCritical } from '../filters.js';
import { stopNote, timeoutFlag } from './mode.js';
import type { OldNodeState, PodState, RollState } from './state.js';
import type { Step } from './step.js';

/** Seconds to wait before retrying an eviction a PDB refused: 5, 10, 20, then every 30. */
export function evictionBackoff(refusals: number): number {
  return Math.min(30, 5 * 2 ** Math.max(0, refusals - 1));
}

export function podsListed(step: Step, node: OldNodeState, pods: Pod[], existingControllers: string[]): void {
  const { s } = step;
  if (node.status !== 'listing') return;
  const plan = planDrain(podsMatching(pods, s.settings.podSelector), { options: s.settings, controllerExists: controllerExistsIn(new Set(existingControllers)) });
  for (const w of plan.warnings) step.warn(w);
  plan.blockers.push(...unpullableBlockers(s, plan.evict, node.name));
  if (plan.blockers.length > 0) {
    node.status = 'failed';
    step.fail(
      {
        code: 'BLOCKED',
        message:
          `Node ${node.name} cannot be drained: ${plan.blockers.map((b) => b.message).join('; ')}. ` +
          `${stopNote(s, 'The roll stopped and the node was uncordoned.')} Fix: ${remedyOf(plan.blockers)}; then run dextre again.`,
      },
      plan.blockers.map((b) => ({ ...b, node: node.name })),
    );
    return;
  }
  for (const pod of plan.evict) {
    const state: PodState = {
      uid: pod.uid,
      namespace: pod.namespace,
      name: pod.name,
      node: node.name,
      critical: isSystemCritical(pod),
      status: 'waiting',
      refusals: 0,
      gone: false,
      replaced: false,
    };
    if (pod.owner?.controller) state.workload = workloadKey({ kind: pod.owner.kind, namespace: pod.namespace, name: pod.owner.name });
    s.pods[pod.uid] = state;
    node.pods.push(pod.uid);
  }
  node.status = 'draining';
  if (s.settings.drainTimeoutSeconds > 0) step.timer(`drain-timeout:${node.name}`, s.now + s.settings.drainTimeoutSeconds);
  checkDrained(step, node);
}

/**
 * A pod whose image a replacement could not pre-pull would not start again where it moves: evicting it
 * trades a running pod for a broken one. Such pods stop the roll before anything of theirs is touched.
 */
function unpullableBlockers(s: RollState, pods: Pod[], node: string): Blocker[] {
  const blockers: Blocker[] = [];
  for (const pod of pods) {
    if (pod.deletionTimestamp !== undefined) continue; // already leaving: moving it changes nothing
    const image = [...pod.initContainers, ...pod.containers].map((c) => c.image).find((i) => s.unpullable[i] !== undefined);
    if (image === undefined) continue;
    blockers.push({
      kind: 'image-not-pullable',
      message: `pod ${pod.namespace}/${pod.name} uses ${image}, which new nodes could not pull (${s.unpullable[image] ?? ''})`,
      remedy: `make the image pullable from the new nodes (the image name, the registry, the pull secret of namespace ${pod.namespace}; kubectl describe pod on its pre-pull pod shows the error)`,
      node,
      pod: `${pod.namespace}/${pod.name}`,
    });
  }
  return blockers;
}

function remedyOf(blockers: Blocker[]): string {
  return blockers[0]?.remedy ?? 'see the blockers';
}

/** Issues every eviction that may go now. Only nodes being drained are looked at. */
export function scheduleEvictions(step: Step): void {
  const { s } = step;
  if (step.failing) return;
  for (const name of s.nodeOrder) {
    const node = s.nodes[name];
    if (node?.status !== 'draining') continue;
    const pods = node.pods.map((uid) => s.pods[uid]).filter((p): p is PodState => p !== undefined);
    const regularLeft = pods.some((p) => !p.critical && !p.gone);
    for (const pod of pods) {
      if (pod.status !== 'waiting') continue;
      if (pod.critical && regularLeft) continue;
      if (pod.workload !== undefined) {
        const busy = s.workloadsBusy[pod.workload];
        if (busy !== undefined && busy !== pod.uid) continue;
        s.workloadsBusy[pod.workload] = pod.uid;
      }
      pod.status = 'evicting';
      const grace = s.settings.gracePeriodSeconds;
      step.issue({ type: 'EvictPod', key: `evict:${pod.uid}`, pod: refOf(pod), ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}) });
    }
  }
}

function refOf(pod: PodState): PodRef {
  return { namespace: pod.namespace, name: pod.name, uid: pod.uid };
}

export function podEvicted(step: Step, pod: PodState): void {
  const node = step.s.nodes[pod.node];
  if (node) node.evicted++;
  pod.status = 'terminating';
  step.issue({ type: 'AwaitPodGone', key: `gone:${pod.uid}`, pod: refOf(pod) });
  // Without a workload nothing comes back to wait for; without the readiness gate nothing is waited for.
  if (pod.workload === undefined || step.s.settings.readinessGate === false) {
    pod.replaced = true;
    release(step.s, pod);
    return;
  }
  const [kind = '', namespace = '', name = ''] = pod.workload.split('/');
  step.issue({ type: 'AwaitWorkloadReady', key: `ready:${pod.uid}`, workload: { kind, namespace, name }, pod: refOf(pod) });
  // The workload must serve again within the drain timeout too: a replacement that never turns Ready
  // (an image that does not pull, no room to schedule) must stop the roll, not hold it forever.
  if (step.s.settings.drainTimeoutSeconds > 0) step.timer(`ready-timeout:${pod.uid}`, step.s.now + step.s.settings.drainTimeoutSeconds);
}

export function replacementTimedOut(step: Step, pod: PodState): void {
  if (pod.replaced || pod.workload === undefined) return;
  const blocker: Blocker = {
    kind: 'replacement-not-ready',
    message: `${pod.workload} did not serve again within ${step.s.settings.drainTimeoutSeconds}s after pod ${pod.namespace}/${pod.name} was evicted from ${pod.node}`,
    remedy: 'find out why its new pod is not Ready (kubectl describe pod: image pull, scheduling, probes)',
    flag: timeoutFlag(step.s),
    node: pod.node,
    pod: `${pod.namespace}/${pod.name}`,
  };
  step.fail({ code: 'BLOCKED', message: `${stopNote(step.s, 'The roll stopped:')} ${blocker.message}. Fix: ${blocker.remedy}, then run dextre again.` }, [blocker]);
}

export function podGone(step: Step, pod: PodState, replaced = false): void {
  pod.gone = true;
  pod.status = 'gone';
  if (replaced) podReplaced(step, pod);
  const node = step.s.nodes[pod.node];
  if (node) checkDrained(step, node);
  settle(step, pod);
}

export function podReplaced(step: Step, pod: PodState): void {
  pod.replaced = true;
  step.cancel(`ready:${pod.uid}`);
  step.cancel(`ready-timeout:${pod.uid}`);
  release(step.s, pod);
  settle(step, pod);
}

export function evictionRefused(step: Step, pod: PodState, pdbs: string[], message: string, multiple: boolean): void {
  release(step.s, pod);
  if (multiple) {
    const blocker: Blocker = {
      kind: 'multiple-pdbs',
      message: `pod ${pod.namespace}/${pod.name} is selected by several PodDisruptionBudgets (${pdbs.join(', ')}); the Eviction API cannot evict it`,
      remedy: 'make exactly one PodDisruptionBudget select the pod',
      node: pod.node,
      pod: `${pod.namespace}/${pod.name}`,
    };
    pod.status = 'waiting';
    step.fail({ code: 'BLOCKED', message: `${blocker.message}. Fix: ${blocker.remedy}, then run dextre again.` }, [blocker]);
    return;
  }
  pod.refusals++;
  pod.lastRefusal = { pdbs, message };
  pod.status = 'backoff';
  step.timer(`evict-retry:${pod.uid}`, step.s.now + evictionBackoff(pod.refusals));
}

/**
 * Forgets the pods of a node that vanished: nothing of theirs will answer any more, and their
 * workloads must not stay blocked behind them.
 */
export function dropPodsOf(step: Step, node: OldNodeState): void {
  for (const uid of node.pods) {
    const pod = step.s.pods[uid];
    if (pod) release(step.s, pod);
    for (const key of [`evict-retry:${uid}`, `gone:${uid}`, `ready:${uid}`, `ready-timeout:${uid}`]) step.cancel(key);
    delete step.s.pods[uid];
  }
  node.pods = [];
}

function release(s: RollState, pod: PodState): void {
  if (pod.workload !== undefined && s.workloadsBusy[pod.workload] === pod.uid) delete s.workloadsBusy[pod.workload];
}

/** A pod that is gone and replaced needs no more attention: keep only the count. */
function settle(step: Step, pod: PodState): void {
  if (!pod.gone || !pod.replaced) return;
  const { s } = step;
  delete s.pods[pod.uid];
  const node = s.nodes[pod.node];
  if (node) node.pods = node.pods.filter((uid) => uid !== pod.uid);
}

export function checkDrained(step: Step, node: OldNodeState): void {
  if (node.status !== 'draining') return;
  const left = node.pods.some((uid) => step.s.pods[uid]?.gone === false);
  if (left) return;
  node.status = 'drained';
  step.cancel(`drain-timeout:${node.name}`);
}

export function drainTimedOut(step: Step, node: OldNodeState): void {
  if (node.status !== 'draining') return;
  const { s } = step;
  const stuck = node.pods.map((uid) => s.pods[uid]).filter((p): p is PodState => p !== undefined && !p.gone);
  const blockers: Blocker[] = stuck.map((p) =>
    p.lastRefusal
      ? {
          kind: 'eviction-refused',
          message: `pod ${p.namespace}/${p.name} could not be evicted: PodDisruptionBudget ${p.lastRefusal.pdbs.join(', ')} allowed no disruption (${p.refusals} attempts)`,
          remedy: 'wait for the workload to become healthy, add replicas, or relax the PodDisruptionBudget; dextre never evicts past a PDB',
          node: node.name,
          pod: `${p.namespace}/${p.name}`,
          ...(p.lastRefusal.pdbs[0] !== undefined ? { pdb: `${p.namespace}/${p.lastRefusal.pdbs[0]}` } : {}),
        }
      : {
          kind: 'drain-timeout',
          message: `pod ${p.namespace}/${p.name} was still ${p.status === 'terminating' ? 'terminating' : 'waiting to be evicted'}`,
          remedy: `check why the pod does not stop (finalizers, a long grace period), or raise ${timeoutFlag(s)}`,
          flag: timeoutFlag(s),
          node: node.name,
          pod: `${p.namespace}/${p.name}`,
        },
  );
  step.fail(
    {
      code: 'BLOCKED',
      message:
        `Node ${node.name} did not drain within ${s.settings.drainTimeoutSeconds}s: ` +
        `${blockers.map((b) => b.message).join('; ')}. ${stopNote(s, 'The node was uncordoned and the groups restored;')} fix the cause, then run dextre again.`,
    },
    blockers,
  );
}
