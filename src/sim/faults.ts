// One-shot fault hooks, after client-go's reactor chain: `faults.once('evictPod', error)` makes the
// next call of that port method throw `error` instead of reaching the world. Faults queue per verb.

/** A port method name of NodeGroupCloud or KubeCluster. */
export type SimVerb =
  | 'describeGroups'
  | 'describeLaunchTemplates'
  | 'setGroupSize'
  | 'suspendProcesses'
  | 'resumeProcesses'
  | 'terminateInstance'
  | 'listNodes'
  | 'listPods'
  | 'getPod'
  | 'listWorkloads'
  | 'listPdbs'
  | 'listImageSizes'
  | 'patchNode'
  | 'evictPod'
  | 'deletePod'
  | 'applyDaemonSet'
  | 'deleteDaemonSet'
  | 'recordNodeEvent';

export class SimFaults {
  private readonly queued = new Map<SimVerb, Error[]>();

  /** The next call of `verb` throws `error` (and does nothing else). */
  once(verb: SimVerb, error: Error): void {
    const list = this.queued.get(verb) ?? [];
    list.push(error);
    this.queued.set(verb, list);
  }

  /** Faults still waiting for their call. */
  pending(): number {
    let n = 0;
    for (const list of this.queued.values()) n += list.length;
    return n;
  }

  clear(): void {
    this.queued.clear();
  }

  /** Throws the next fault queued for `verb`, if any. */
  check(verb: SimVerb): void {
    const list = this.queued.get(verb);
    const error = list?.shift();
    if (list && list.length === 0) this.queued.delete(verb);
    if (error) throw error;
  }
}
