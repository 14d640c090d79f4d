// Interprets effects (the roll's and the rebalance's) through the ports and turns their outcomes into events. Concurrency lives here
// only: port calls share a p-limit pool; waits and timers never take a slot (they may last minutes).
// Transient failures (throttling, 5xx, conflicts) are retried with backoff on the clock; anything else
// becomes EffectFailed and the core decides.
import pLimit, { type LimitFunction } from 'p-limit';
import type { NodeGroupCloud } from '../cloud/port.js';
import type { Clock } from '../clock/port.js';
import { DextreError, isDextreError } from '../core/errors.js';
import { workloadKey } from '../core/model.js';
import { instancesPerZone } from '../core/roll/restore.js';
import type { KubeCluster } from '../kube/port.js';
import type { MachineEffect, MachineEvent } from './machine.js';
import { Waiters } from './waiters.js';

/** Seconds between retries of a transient failure; one try more than there are delays. */
const RETRY_DELAYS = [1, 2, 4, 8, 16];

type Emit = (make: (at: number) => MachineEvent) => void;

export class Interpreter {
  private readonly limit: LimitFunction;
  private readonly waiters: Waiters;
  private readonly timers = new Map<string, AbortController>();

  constructor(
    private readonly cloud: NodeGroupCloud,
    private readonly kube: KubeCluster,
    private readonly clock: Clock,
    private readonly cluster: string,
    private readonly emit: Emit,
    concurrency: number,
  ) {
    this.limit = pLimit(concurrency);
    this.waiters = new Waiters(kube, cloud, cluster, emit);
    this.waiters.start();
  }

  /** Starts an effect; its outcome arrives later through `emit`. Never throws. */
  run(effect: MachineEffect): void {
    const key = effect.key;
    const failed = (e: unknown) => this.emit((at) => ({ type: 'EffectFailed', at, key, error: errorInfo(e) }));
    switch (effect.type) {
      case 'StartTimer':
        return this.startTimer(key, effect.at);
      case 'AwaitPodGone':
      case 'AwaitWorkloadReady':
      case 'AwaitPrepull':
      case 'WatchGroupNodes':
        // A wait's first look at the cluster is a read like any other: transient failures are retried.
        this.withRetries(() => this.waiters.add(effect)).catch(failed);
        return;
      default:
        this.limit(() => this.withRetries(() => this.call(effect))).then((make) => this.emit(make), failed);
    }
  }

  /** Cancels timers and waits whose keys the state no longer holds in flight. */
  retain(live: (key: string) => boolean): void {
    for (const [key, controller] of this.timers) {
      if (!live(key)) {
        controller.abort();
        this.timers.delete(key);
      }
    }
    this.waiters.retain(live);
  }

  stop(): void {
    for (const controller of this.timers.values()) controller.abort();
    this.timers.clear();
    this.waiters.stop();
  }

  private startTimer(key: string, at: number): void {
    this.timers.get(key)?.abort();
    const controller = new AbortController();
    this.timers.set(key, controller);
    this.clock.sleep(Math.max(0, at - this.clock.now()), controller.signal).then(
      () => {
        this.timers.delete(key);
        this.emit((now) => ({ type: 'TimerFired', at: now, key }));
      },
      () => undefined, // aborted: the state no longer waits for it
    );
  }

  private async withRetries<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (e: unknown) {
        const delay = RETRY_DELAYS[attempt];
        if (!isDextreError(e) || !e.retryable || delay === undefined) throw e;
        await this.clock.sleep(delay);
      }
    }
  }

  private async call(effect: Exclude<MachineEffect, { type: 'StartTimer' | 'AwaitPodGone' | 'AwaitWorkloadReady' | 'AwaitPrepull' | 'WatchGroupNodes' }>): Promise<(at: number) => MachineEvent> {
    const { key } = effect;
    switch (effect.type) {
      case 'SuspendProcesses':
        await this.cloud.suspendProcesses(effect.group, effect.processes);
        return (at) => ({ type: 'ProcessesSuspended', at, key, group: effect.group });
      case 'ResumeProcesses':
        await this.cloud.resumeProcesses(effect.group, effect.processes);
        return (at) => ({ type: 'ProcessesResumed', at, key, group: effect.group });
      case 'ReadGroupSize': {
        const [group] = await this.cloud.describeGroups({ cluster: this.cluster, names: [effect.group] });
        if (!group) throw new DextreError('NOT_FOUND', `The Auto Scaling group ${effect.group} no longer exists; it was deleted during the roll.`);
        const zones = instancesPerZone(group);
        return (at) => ({ type: 'GroupSizeRead', at, key, group: effect.group, desired: group.desired, zones });
      }
      case 'SetGroupSize':
        await this.cloud.setGroupSize(effect.group, { min: effect.min, max: effect.max, desired: effect.desired });
        return (at) => ({ type: 'GroupResized', at, key, group: effect.group });
      case 'TerminateInstance': {
        const outcome = await this.cloud.terminateInstance(effect.instanceId);
        return (at) => ({
          type: 'InstanceTerminating',
          at,
          key,
          group: effect.group,
          instanceId: effect.instanceId,
          alreadyGone: outcome === 'already-gone',
        });
      }
      case 'PatchNode':
        try {
          await this.kube.patchNode(effect.node, effect.patch);
        } catch (e: unknown) {
          // A node that is gone needs no mark set or removed; the roll treats it as done.
          if (!(isDextreError(e) && e.code === 'NOT_FOUND')) throw e;
        }
        return (at) => ({ type: 'NodePatched', at, key, node: effect.node, purpose: effect.purpose });
      case 'ApplyPrepull':
        for (const manifest of effect.manifests) await this.kube.applyDaemonSet(manifest);
        return (at) => ({ type: 'PrepullApplied', at, key });
      case 'DeletePrepull':
        for (const ds of effect.daemonSets) await this.kube.deleteDaemonSet(ds.namespace, ds.name);
        return (at) => ({ type: 'PrepullDeleted', at, key });
      case 'ListPodsOnNode': {
        const [pods, workloads] = await Promise.all([this.kube.listPods({ nodeName: effect.node }), this.kube.listWorkloads()]);
        const existingControllers = workloads.map(workloadKey);
        return (at) => ({ type: 'PodsListed', at, key, node: effect.node, pods, existingControllers });
      }
      case 'ListNamespacePods': {
        const pods = await this.kube.listPods({ namespace: effect.namespace });
        return (at) => ({ type: 'NamespacePodsListed', at, key, namespace: effect.namespace, pods });
      }
      case 'EvictPod':
        return this.evict(effect);
    }
  }

  private async evict(effect: Extract<MachineEffect, { type: 'EvictPod' }>): Promise<(at: number) => MachineEvent> {
    const { key, pod } = effect;
    // The name may now belong to a new pod (a StatefulSet recreates under the same name): the UID
    // precondition makes sure only the pod we planned to move is evicted.
    const outcome = await this.kube.evictPod(pod.namespace, pod.name, pod.uid, effect.gracePeriodSeconds);
    switch (outcome.result) {
      case 'evicted':
        return (at) => ({ type: 'PodEvicted', at, key, uid: pod.uid });
      case 'not-found':
        return (at) => ({ type: 'PodNotFound', at, key, uid: pod.uid });
      case 'refused-by-pdb':
      case 'multiple-pdbs':
        return (at) => ({
          type: 'EvictionRefused',
          at,
          key,
          uid: pod.uid,
          pdbs: outcome.pdbs,
          message: outcome.message,
          multiple: outcome.result === 'multiple-pdbs',
        });
    }
  }
}

function errorInfo(e: unknown): { code: string; message: string } {
  if (isDextreError(e)) return { code: e.code, message: e.message };
  const wrapped = new DextreError('INTERNAL', e instanceof Error ? e.message : String(e));
  return { code: wrapped.code, message: wrapped.message };
}

/** The group's instances that are not terminating, per zone of the group (an empty zone counts 0). */
