// What a journaled roll waits on, in words: each effect in flight (an eviction, a pod to terminate, a
// workload to serve again, a pre-pull, a call to AWS or Kubernetes) and since when, plus replacements
// asked of Auto Scaling that have not joined yet. Timers are deadlines, not waits: only the eviction
// retry (a PodDisruptionBudget said no) is shown, as what the pod waits on. Pure.
import type { Effect } from '../roll/effects.js';
import type { RollState } from '../roll/state.js';
import { joinedCount } from '../roll/pipeline.js';

export interface StatusWait {
  /** The effect's type, or `ReplacementLaunch` for instances asked of Auto Scaling and not yet joined. */
  kind: string;
  /** What it is about: a node, `namespace/pod`, a group, or a workload `Kind/namespace/name`. */
  subject: string;
  description: string;
  /** Epoch seconds the wait began; null when the journal does not say (written before dextre recorded it). */
  since: number | null;
  /** PodDisruptionBudgets that refused the pod's eviction, for a wait on one. */
  pdbs?: string[];
}

/** Effects that answer as the world changes rather than as a call returns; all of them but the watch. */
export function statusWaits(s: RollState): StatusWait[] {
  const waits: StatusWait[] = [];
  for (const [key, effect] of Object.entries(s.inflight)) {
    const wait = describeEffect(s, effect);
    if (wait) waits.push({ ...wait, since: s.inflightSince?.[key] ?? null });
  }
  if (s.phase !== 'finished') {
    for (const name of s.groupOrder) {
      const g = s.groups[name];
      if (!g) continue;
      const missing = g.launched - joinedCount(s, name);
      if (missing <= 0) continue;
      waits.push({
        kind: 'ReplacementLaunch',
        subject: name,
        description: `${missing} replacement instance(s) of group ${name} to join the cluster as Ready nodes`,
        since: g.lastProgressAt,
      });
    }
  }
  return waits;
}

type Described = Omit<StatusWait, 'since'>;

function describeEffect(s: RollState, e: Effect): Described | undefined {
  switch (e.type) {
    case 'EvictPod':
      return { kind: e.type, subject: podName(e.pod), description: `eviction of pod ${podName(e.pod)} (Eviction API)` };
    case 'AwaitPodGone':
      return { kind: e.type, subject: podName(e.pod), description: `pod ${podName(e.pod)} to terminate after its eviction` };
    case 'AwaitWorkloadReady': {
      const workload = `${e.workload.kind}/${e.workload.namespace}/${e.workload.name}`;
      return { kind: e.type, subject: workload, description: `${workload} to serve again (its moved pod's replacement Ready) before its next pod moves` };
    }
    case 'AwaitPrepull':
      return { kind: e.type, subject: e.node, description: `images to pre-pull on replacement ${e.node}` };
    case 'StartTimer':
      return retryWait(s, e.key);
    case 'WatchGroupNodes':
      return undefined;
    case 'TerminateInstance':
      return { kind: e.type, subject: e.node, description: `Auto Scaling to terminate ${e.instanceId} (node ${e.node}) with decrement` };
    case 'SetGroupSize':
      return { kind: e.type, subject: e.group, description: `Auto Scaling to set group ${e.group} to min ${e.min}, max ${e.max}, desired ${e.desired}` };
    case 'ReadGroupSize':
      return { kind: e.type, subject: e.group, description: `a read of group ${e.group}'s desired capacity` };
    case 'SuspendProcesses':
    case 'ResumeProcesses':
      return { kind: e.type, subject: e.group, description: `Auto Scaling to ${e.type === 'SuspendProcesses' ? 'suspend' : 'resume'} ${e.processes.join(', ')} on group ${e.group}` };
    case 'PatchNode':
      return { kind: e.type, subject: e.node, description: `Kubernetes to patch node ${e.node} (${e.purpose})` };
    case 'ListPodsOnNode':
      return { kind: e.type, subject: e.node, description: `the list of pods on node ${e.node}` };
    case 'ApplyPrepull':
    case 'DeletePrepull':
      return { kind: e.type, subject: 'prepull', description: `Kubernetes to ${e.type === 'ApplyPrepull' ? 'create' : 'delete'} the pre-pull DaemonSets` };
  }
}

/** `evict-retry:<uid>`: the pod's eviction was refused (by PDBs) and is tried again when the timer fires. */
function retryWait(s: RollState, key: string): Described | undefined {
  const uid = key.startsWith('evict-retry:') ? key.slice('evict-retry:'.length) : undefined;
  const pod = uid !== undefined ? s.pods[uid] : undefined;
  if (!pod) return undefined;
  const name = `${pod.namespace}/${pod.name}`;
  const pdbs = pod.lastRefusal?.pdbs ?? [];
  const by = pdbs.length > 0 ? `PodDisruptionBudget ${pdbs.join(', ')}` : 'the API server';
  return {
    kind: 'EvictionRefused',
    subject: name,
    description: `pod ${name} on node ${pod.node}: eviction refused ${pod.refusals} time(s) by ${by}; it is tried again until the drain timeout`,
    ...(pdbs.length > 0 ? { pdbs } : {}),
  };
}

function podName(pod: { namespace: string; name: string }): string {
  return `${pod.namespace}/${pod.name}`;
}
